import { describe, expect, it, vi, beforeEach, afterEach } from 'vitest';
import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';

vi.mock('../lib/ipc', async () => (await import('./ipc-mock')).ipcMock());

import * as ipc from '../lib/ipc';
import { t, localized } from '../lib/i18n';
import { liveRegion } from '../lib/announce.svelte';
import QuestionPage from '../screens/QuestionPage.svelte';
import CheckAnswers from '../screens/CheckAnswers.svelte';
import { formDraft, kinds, makeQuestion } from './fixtures';
import { LANGS, expectNoAxeViolations, mainTarget, useLang } from './helpers';
import type { AttachmentView } from '../bindings/AttachmentView';
import type { Draft } from '../bindings/Draft';
import type { Question } from '../bindings/Question';

const attachFile = vi.mocked(ipc.attachFile);
const removeAttachment = vi.mocked(ipc.removeAttachment);
const attachmentPreview = vi.mocked(ipc.attachmentPreview);
const saveAnswer = vi.mocked(ipc.saveAnswer);

const PHOTO: AttachmentView = { id: 'att-1', fileName: '证件照.png', size: 2_621_440, contentType: 'image/png' };
const SCAN: AttachmentView = { id: 'att-2', fileName: '诊断证明.pdf', size: 150_000, contentType: 'application/pdf' };
const PNG_BYTES = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);

function withFiles(question: Question, files: AttachmentView[]): Question {
  return { ...question, attachments: files };
}

/** A draft whose attachment question holds `files` (its answer: their ids). */
function draftWith(question: Question, files: AttachmentView[]): Draft {
  return formDraft([withFiles(question, files), kinds.householdSize], files.length ? { [question.linkId]: files.map((f) => f.id) } : {});
}

function open(question: Question, files: AttachmentView[] = []): Draft {
  const draft = draftWith(question, files);
  render(QuestionPage, { target: mainTarget(), props: { draft, index: 0 } });
  return draft;
}

function chooser(question: Question): HTMLInputElement {
  return screen.getByLabelText(`${t('attachment-choose')} ${localized(question.text)}`) as HTMLInputElement;
}

function file(name: string, bytes: Uint8Array<ArrayBuffer> = PNG_BYTES, type = 'image/png'): File {
  return new File([bytes], name, { type });
}

describe.each(LANGS)('Attachment field (%s)', (lang) => {
  let urls = 0;
  beforeEach(() => {
    useLang(lang);
    for (const m of [attachFile, removeAttachment, attachmentPreview, saveAnswer]) m.mockReset();
    urls = 0;
    URL.createObjectURL = vi.fn(() => `blob:preview-${++urls}`);
    URL.revokeObjectURL = vi.fn();
  });
  afterEach(() => {
    document.body.innerHTML = '';
  });

  it('a real file input named by the question, for photos and PDFs, with no file yet', async () => {
    open(kinds.certificate);
    const h1 = screen.getByRole('heading', { level: 1, name: localized(kinds.certificate.text) });
    await vi.waitFor(() => expect(document.activeElement).toBe(h1));
    const input = chooser(kinds.certificate);
    expect(input.type).toBe('file');
    expect(input.accept).toBe('image/jpeg,image/png,application/pdf');
    expect(screen.getByText(t('attachment-choose')).tagName).toBe('LABEL');
    expect(screen.getByText(t('attachment-kinds'))).toBeTruthy();
    expect(screen.queryByRole('list', { name: t('attachment-list-label') })).toBeNull();
    await expectNoAxeViolations();
  });

  it('a chosen photo shows its name, size in words and preview, is announced, and Continue saves its id', async () => {
    const user = userEvent.setup();
    const draft = open(kinds.certificate);
    attachFile.mockResolvedValue(draftWith(kinds.certificate, [PHOTO]));
    await user.upload(chooser(kinds.certificate), file('证件照.png'));
    await vi.waitFor(() => expect(attachFile).toHaveBeenCalled());
    expect(attachFile).toHaveBeenCalledWith(draft.id, 'certificate', '证件照.png', PNG_BYTES, null);
    const list = await screen.findByRole('list', { name: t('attachment-list-label') });
    expect(within(list).getByText('证件照.png')).toBeTruthy();
    expect(within(list).getByText(`${t('attachment-kind-photo')}${t('answer-separator')}${t('attachment-size-mb', { n: '2.5' })}`)).toBeTruthy();
    const img = within(list).getByRole('img', { name: '证件照.png' }) as HTMLImageElement;
    expect(img.src).toBe('blob:preview-1');
    expect(within(list).getByRole('button', { name: t('attachment-remove', { name: '证件照.png' }) })).toBeTruthy();
    expect(screen.getByLabelText(t('attachment-replace', { name: '证件照.png' }))).toHaveProperty('type', 'file');
    // One file for a question that does not repeat: no second chooser.
    expect(screen.queryByLabelText(`${t('attachment-choose')} ${localized(kinds.certificate.text)}`)).toBeNull();
    await vi.waitFor(() => expect(liveRegion.text).toBe(t('attachment-added', { name: '证件照.png' })));
    // The chooser is gone: focus is on the file's Replace, not lost.
    expect(document.activeElement).toBe(screen.getByLabelText(t('attachment-replace', { name: '证件照.png' })));
    await expectNoAxeViolations();

    saveAnswer.mockResolvedValue({ draft: draftWith(kinds.certificate, [PHOTO]), error: null });
    await user.click(screen.getByRole('button', { name: t('button-continue') }));
    expect(saveAnswer).toHaveBeenCalledWith(draft.id, 'certificate', ['att-1']);
  });

  it('Remove takes the file away, announces it and gives focus back to the chooser', async () => {
    const user = userEvent.setup();
    open(kinds.certificate, [PHOTO]);
    attachmentPreview.mockResolvedValue(PNG_BYTES.buffer);
    // A stored photo's preview is asked for.
    await vi.waitFor(() => expect(screen.getByRole('img', { name: '证件照.png' })).toBeTruthy());
    expect(attachmentPreview).toHaveBeenCalledWith('att-1');
    removeAttachment.mockResolvedValue(draftWith(kinds.certificate, []));
    await user.click(screen.getByRole('button', { name: t('attachment-remove', { name: '证件照.png' }) }));
    expect(removeAttachment).toHaveBeenCalledWith(expect.any(String), 'att-1');
    await vi.waitFor(() => expect(document.activeElement).toBe(chooser(kinds.certificate)));
    expect(screen.queryByText('证件照.png')).toBeNull();
    expect(URL.revokeObjectURL).toHaveBeenCalled();
    await vi.waitFor(() => expect(liveRegion.text).toBe(t('attachment-removed', { name: '证件照.png' })));
    await expectNoAxeViolations();
  });

  it('Replace sends the new file in the old one\'s place; a PDF shows no preview', async () => {
    const user = userEvent.setup();
    attachmentPreview.mockResolvedValue(PNG_BYTES.buffer);
    const draft = open(kinds.certificate, [PHOTO]);
    const replaced = { ...SCAN, id: 'att-3' };
    attachFile.mockResolvedValue(draftWith(kinds.certificate, [replaced]));
    const pdf = new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d]);
    await user.upload(screen.getByLabelText(t('attachment-replace', { name: '证件照.png' })), file('诊断证明.pdf', pdf, 'application/pdf'));
    await vi.waitFor(() => expect(attachFile).toHaveBeenCalled());
    expect(attachFile).toHaveBeenCalledWith(draft.id, 'certificate', '诊断证明.pdf', pdf, 'att-1');
    await screen.findByText('诊断证明.pdf');
    expect(screen.queryByText('证件照.png')).toBeNull();
    expect(screen.queryByRole('img')).toBeNull();
    expect(screen.getByText(`${t('attachment-kind-pdf')}${t('answer-separator')}${t('attachment-size-kb', { n: '146' })}`)).toBeTruthy();
    await vi.waitFor(() => expect(liveRegion.text).toBe(t('attachment-replaced', { name: '诊断证明.pdf' })));
    await expectNoAxeViolations();
  });

  it.each([
    ['error-upload-type', {}],
    ['error-upload-too-large', { maxMb: '20' }],
  ])('a refused file (%s) is in the error summary, linked to the chooser, and nothing is lost', async (id, args) => {
    const user = userEvent.setup({ applyAccept: false });
    attachmentPreview.mockResolvedValue(PNG_BYTES.buffer);
    const multi = withFiles(makeQuestion('home-photos', 'attachment', '家里的照片', 'Photos of your home', { repeats: true }), []);
    open(multi, [PHOTO]);
    const message = { id, args: { ...args, hotline: '12345' } };
    attachFile.mockRejectedValue({ kind: 'invalid', message, fields: [{ linkId: 'home-photos', message }] });
    const add = screen.getByLabelText(`${t('attachment-choose-another')} ${localized(multi.text)}`);
    await user.upload(add, file('动画.gif', new Uint8Array([0x47, 0x49, 0x46]), 'image/gif'));
    const summary = await screen.findByRole('region', { name: t('error-summary-title') });
    await vi.waitFor(() => expect(document.activeElement).toBe(summary));
    const link = within(summary).getByRole('link', { name: t(id, message.args) });
    expect(link.getAttribute('href')).toBe(`#${add.id}`);
    expect(add.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(add.getAttribute('aria-describedby')!.split(' ').at(-1)!)?.textContent).toContain(t(id, message.args));
    // The file added before is still there.
    expect(screen.getByText('证件照.png')).toBeTruthy();
    await expectNoAxeViolations();

    // Choosing a good file then clears the error.
    attachFile.mockReset();
    attachFile.mockResolvedValue(draftWith(multi, [PHOTO, { ...PHOTO, id: 'att-9', fileName: '楼梯.png' }]));
    await user.upload(add, file('楼梯.png'));
    await screen.findByText('楼梯.png');
    expect(screen.queryByRole('region', { name: t('error-summary-title') })).toBeNull();
  });

  it('a storage failure is shown in the summary linked to the field', async () => {
    const user = userEvent.setup();
    open(kinds.certificate);
    attachFile.mockRejectedValue({ kind: 'storage', message: { id: 'error-storage-full', args: {} }, fields: [] });
    await user.upload(chooser(kinds.certificate), file('证件照.png'));
    const summary = await screen.findByRole('region', { name: t('error-summary-title') });
    expect(within(summary).getByRole('link', { name: t('error-storage-full') })).toBeTruthy();
  });

  it('required and none chosen: error-attachment-required, linked to the chooser', async () => {
    const user = userEvent.setup();
    open(kinds.certificate);
    saveAnswer.mockResolvedValue({
      draft: draftWith(kinds.certificate, []),
      error: { linkId: 'certificate', message: { id: 'error-attachment-required', args: {} } },
    });
    await user.click(screen.getByRole('button', { name: t('button-continue') }));
    expect(saveAnswer).toHaveBeenCalledWith(expect.any(String), 'certificate', []);
    const summary = await screen.findByRole('region', { name: t('error-summary-title') });
    const link = within(summary).getByRole('link', { name: t('error-attachment-required') });
    expect(link.getAttribute('href')).toBe(`#${chooser(kinds.certificate).id}`);
    await expectNoAxeViolations();
  });

  it('the check page names the files', async () => {
    render(CheckAnswers, { target: mainTarget(), props: { draft: draftWith(kinds.certificate, [PHOTO]) } });
    const dd = screen.getByText('证件照.png').closest('dd');
    expect(dd).toBeTruthy();
    await expectNoAxeViolations();
  });
});
