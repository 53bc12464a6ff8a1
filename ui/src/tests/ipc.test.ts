import { describe, expect, it, vi, beforeEach } from 'vitest';

const invoke = vi.hoisted(() => vi.fn());
vi.mock('@tauri-apps/api/core', () => ({ invoke }));

import { saveAnswer, submitApplication, toUiError } from '../lib/ipc';

describe('ipc', () => {
  beforeEach(() => {
    invoke.mockReset();
  });

  it('passes camelCase arguments to the command', async () => {
    invoke.mockResolvedValue({ draft: {}, error: null });
    await saveAnswer('d1', 'name', ['张三']);
    expect(invoke).toHaveBeenCalledWith('save_answer', { draftId: 'd1', linkId: 'name', values: ['张三'] });
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
});
