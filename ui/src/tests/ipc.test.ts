import { describe, expect, it, vi, beforeEach } from 'vitest';

const invoke = vi.hoisted(() => vi.fn());
const listen = vi.hoisted(() => vi.fn());
vi.mock('@tauri-apps/api/core', () => ({ invoke }));
vi.mock('@tauri-apps/api/event', () => ({ listen }));

import {
  attachFile,
  attachmentPreview,
  dismissReminder,
  onCaseNews,
  onReminderNews,
  rateCase,
  reminders,
  saveAnswer,
  startReminder,
  submitApplication,
  toUiError,
  withdrawApplication,
} from '../lib/ipc';

describe('ipc', () => {
  beforeEach(() => {
    invoke.mockReset();
  });

  it('passes camelCase arguments to the command', async () => {
    invoke.mockResolvedValue({ draft: {}, error: null });
    await saveAnswer('d1', 'name', ['张三']);
    expect(invoke).toHaveBeenCalledWith('save_answer', { draftId: 'd1', linkId: 'name', values: ['张三'] });
  });

  it('sends a file as the raw body, its name and place as percent-encoded headers', async () => {
    invoke.mockResolvedValue({});
    const bytes = new Uint8Array([0x89, 0x50, 0x4e, 0x47]);
    await attachFile('d1', 'photo', '证件照 1.png', bytes);
    expect(invoke).toHaveBeenCalledWith('attach_file', bytes, {
      headers: { 'draft-id': 'd1', 'link-id': 'photo', 'file-name': '%E8%AF%81%E4%BB%B6%E7%85%A7%201.png' },
    });
    await attachFile('d1', 'photo', 'b.pdf', bytes, 'att-1');
    expect(invoke).toHaveBeenLastCalledWith('attach_file', bytes, {
      headers: { 'draft-id': 'd1', 'link-id': 'photo', 'file-name': 'b.pdf', replace: 'att-1' },
    });
    const refused = { kind: 'invalid', message: { id: 'error-upload-type', args: {} }, fields: [] };
    invoke.mockRejectedValue(refused);
    await expect(attachFile('d1', 'photo', 'x.gif', bytes)).rejects.toEqual(refused);
    invoke.mockResolvedValue([1, 2, 3]);
    expect(new Uint8Array(await attachmentPreview('att-1'))).toEqual(new Uint8Array([1, 2, 3]));
    expect(invoke).toHaveBeenLastCalledWith('attachment_preview', { attachmentId: 'att-1' });
  });

  it('rethrows UiError objects from Rust as they are', async () => {
    const err = {
      kind: 'invalid',
      message: { id: 'error-required', args: {} },
      fields: [{ linkId: 'name', message: { id: 'error-required', args: {} } }],
    };
    invoke.mockRejectedValue(err);
    await expect(submitApplication('d1')).rejects.toEqual(err);
  });

  it('normalises anything else to an internal error', async () => {
    const internal = { kind: 'internal', message: { id: 'error-internal', args: {} }, fields: [] };
    invoke.mockRejectedValue('command not found');
    await expect(submitApplication('d1')).rejects.toEqual(internal);
    expect(toUiError(new Error('x'))).toEqual(internal);
    expect(toUiError({ kind: 'weird', message: 'x' })).toEqual(internal);
    expect(toUiError(undefined)).toEqual(internal);
  });

  it('calls the case commands with camelCase arguments and keeps a conflict a conflict', async () => {
    invoke.mockResolvedValue({});
    await rateCase('BM1', 5, null);
    expect(invoke).toHaveBeenCalledWith('rate_case', { caseNumber: 'BM1', level: 5, comment: null });
    await withdrawApplication('BM1', '不需要了');
    expect(invoke).toHaveBeenCalledWith('withdraw_application', { caseNumber: 'BM1', reason: '不需要了' });
    const conflict = { kind: 'conflict', message: { id: 'error-already-rated', args: {} }, fields: [] };
    invoke.mockRejectedValue(conflict);
    await expect(rateCase('BM1', 4, null)).rejects.toEqual(conflict);
  });

  it('hands the watcher\'s case-news payload to the listener, and does nothing without Tauri', async () => {
    const unlisten = vi.fn();
    listen.mockImplementation(async (_name: string, cb: (e: { payload: unknown }) => void) => {
      cb({ payload: [{ caseNumber: 'BM1' }] });
      cb({ payload: 'not a list' });
      return unlisten;
    });
    const got: unknown[] = [];
    const stop = await onCaseNews((news) => got.push(news));
    expect(listen).toHaveBeenCalledWith('case-news', expect.any(Function));
    expect(got).toEqual([[{ caseNumber: 'BM1' }], []]);
    stop();
    expect(unlisten).toHaveBeenCalled();
    listen.mockRejectedValue(new Error('no Tauri'));
    const nothing = await onCaseNews(() => {});
    expect(typeof nothing).toBe('function');
  });

  it('calls the reminder commands with camelCase arguments, and hands reminder-news to the listener', async () => {
    invoke.mockResolvedValue([]);
    await reminders();
    expect(invoke).toHaveBeenLastCalledWith('reminders', undefined);
    await startReminder('7');
    expect(invoke).toHaveBeenLastCalledWith('start_reminder', { reminderId: '7' });
    await dismissReminder('7');
    expect(invoke).toHaveBeenLastCalledWith('dismiss_reminder', { reminderId: '7' });
    listen.mockReset().mockImplementation(async (_name: string, cb: (e: { payload: unknown }) => void) => {
      cb({ payload: [{ id: '7' }] });
      cb({ payload: null });
      return () => {};
    });
    const got: unknown[] = [];
    await onReminderNews((found) => got.push(found));
    expect(listen).toHaveBeenCalledWith('reminder-news', expect.any(Function));
    expect(got).toEqual([[{ id: '7' }], []]);
    listen.mockRejectedValue(new Error('no Tauri'));
    expect(typeof (await onReminderNews(() => {}))).toBe('function');
  });
});
