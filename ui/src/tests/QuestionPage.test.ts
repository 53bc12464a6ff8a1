import { describe, expect, it, vi, beforeEach } from 'vitest';
import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';

vi.mock('../lib/ipc', async () => (await import('./ipc-mock')).ipcMock());

import * as ipc from '../lib/ipc';
import { t } from '../lib/i18n';
import { nav } from '../lib/nav.svelte';
import { liveRegion } from '../lib/announce.svelte';
import QuestionPage from '../screens/QuestionPage.svelte';
import { makeDraft } from './fixtures';
import { LANGS, expectNoAxeViolations, mainTarget, useLang } from './helpers';

const saveAnswer = vi.mocked(ipc.saveAnswer);

function requiredError(values: string[]) {
  const draft = makeDraft({ name: values });
  return { draft, error: { linkId: 'name', message: { id: 'error-required', args: {} } } };
}

describe.each(LANGS)('QuestionPage (%s)', (lang) => {
  beforeEach(() => {
    useLang(lang);
    saveAnswer.mockReset();
  });

  it('makes the question the h1 and the label of the input, with hint, and has no axe violations', async () => {
    render(QuestionPage, { target: mainTarget(), props: { draft: makeDraft({ name: ['张三'] }), index: 0 } });
    const question = lang === 'zh-CN' ? '您的姓名' : 'Your full name';
    const h1 = screen.getByRole('heading', { level: 1 });
    expect(h1.textContent?.trim()).toBe(question);
    const input = screen.getByRole('textbox', { name: question });
    expect(h1.querySelector('label')?.htmlFor).toBe(input.id);
    expect(input).toHaveProperty('value', '张三');
    expect(input.getAttribute('autocomplete')).toBe('name');
    expect(input.getAttribute('inputmode')).toBe('text');
    expect(input.getAttribute('spellcheck')).toBe('false');
    const hint = document.getElementById(input.getAttribute('aria-describedby') ?? '');
    expect(hint?.textContent).toBe(lang === 'zh-CN' ? '和身份证上的一样' : 'As on your ID card');
    expect(screen.getByText(t('question-progress', { current: '1', total: '3' }))).toBeTruthy();
    expect(screen.getByRole('button', { name: t('button-continue') })).toBeTruthy();
    expect(screen.getByRole('link', { name: t('button-back') })).toBeTruthy();
    // No "*" for required questions.
    expect(document.body.textContent).not.toContain('*');
    await vi.waitFor(() => expect(document.activeElement).toBe(h1));
    expect(document.title).toBe(`${question} – ${t('app-name')}`);
    await expectNoAxeViolations();
  });

  it('shows a focused error summary linked to the field, keeps the typed value, and refocuses on the 2nd submit', async () => {
    const user = userEvent.setup();
    saveAnswer.mockImplementation(async (_d, _l, values) => requiredError(values));
    render(QuestionPage, { target: mainTarget(), props: { draft: makeDraft(), index: 0 } });
    const input = screen.getByRole('textbox') as HTMLInputElement;
    await user.type(input, '  ');
    await user.click(screen.getByRole('button', { name: t('button-continue') }));

    const summary = await screen.findByRole('region', { name: t('error-summary-title') });
    await vi.waitFor(() => expect(document.activeElement).toBe(summary));
    expect(saveAnswer).toHaveBeenCalledWith(makeDraft().id, 'name', ['  ']);
    const message = t('error-required');
    const link = within(summary).getByRole('link', { name: message });
    expect(link.textContent).toBe(message);
    expect(link.getAttribute('href')).toBe(`#${input.id}`);
    // Inline message: above the input, referenced by aria-describedby, with a hidden "Error:" prefix.
    const describedBy = (input.getAttribute('aria-describedby') ?? '').split(' ');
    const inline = describedBy.map((id) => document.getElementById(id)).find((el) => el?.classList.contains('error-message'));
    expect(inline?.textContent).toBe(`${t('error-prefix')}${message}`);
    expect(inline!.compareDocumentPosition(input) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(document.title.startsWith(t('error-title-prefix'))).toBe(true);
    expect(input.value).toBe('  ');
    await expectNoAxeViolations();

    // The link moves focus to the input, a moment later, with the caret first put in the link
    // (Orca 43 says the field then: tests/screen-reader/FINDINGS.md, F6).
    await user.click(link);
    expect(document.getSelection()?.anchorNode?.parentElement).toBe(link);
    await vi.waitFor(() => expect(document.activeElement).toBe(input));

    // Type more; a second failing submit focuses the summary again and keeps the new value.
    await user.type(input, 'x');
    await user.click(screen.getByRole('button', { name: t('button-continue') }));
    await vi.waitFor(() => expect(saveAnswer).toHaveBeenCalledTimes(2));
    await vi.waitFor(() => expect(document.activeElement).toBe(screen.getByRole('region', { name: t('error-summary-title') })));
    expect(input.value).toBe('  x');
    expect(screen.getAllByRole('region', { name: t('error-summary-title') })).toHaveLength(1);
  });

  it('announces "saved" and goes to the next question', async () => {
    const user = userEvent.setup();
    saveAnswer.mockImplementation(async (_d, _l, values) => ({ draft: makeDraft({ name: values }), error: null }));
    render(QuestionPage, { target: mainTarget(), props: { draft: makeDraft(), index: 0 } });
    await user.type(screen.getByRole('textbox'), '张三');
    await user.click(screen.getByRole('button', { name: t('button-continue') }));
    await vi.waitFor(() => expect(nav.screen).toMatchObject({ name: 'question', index: 1, fromCheck: false }));
    await vi.waitFor(() => expect(liveRegion.text).toBe(t('status-saved')));
  });

  it('goes to the check page after the last question, and back to check when opened from Change', async () => {
    const user = userEvent.setup();
    saveAnswer.mockImplementation(async () => ({ draft: makeDraft({ mobile: ['13800138000'] }), error: null }));
    const { unmount } = render(QuestionPage, { target: mainTarget(), props: { draft: makeDraft(), index: 2 } });
    await user.click(screen.getByRole('button', { name: t('button-continue') }));
    await vi.waitFor(() => expect(nav.screen.name).toBe('check'));
    unmount();

    render(QuestionPage, { target: mainTarget(), props: { draft: makeDraft(), index: 0, fromCheck: true } });
    await user.click(screen.getByRole('button', { name: t('button-continue') }));
    await vi.waitFor(() => expect(nav.screen.name).toBe('check'));
  });

  it('Back goes to the previous question, or home from the first', async () => {
    const user = userEvent.setup();
    const { unmount } = render(QuestionPage, { target: mainTarget(), props: { draft: makeDraft(), index: 1 } });
    await user.click(screen.getByRole('link', { name: t('button-back') }));
    expect(nav.screen).toMatchObject({ name: 'question', index: 0 });
    unmount();
    render(QuestionPage, { target: mainTarget(), props: { draft: makeDraft(), index: 0 } });
    await user.click(screen.getByRole('link', { name: t('button-back') }));
    expect(nav.screen.name).toBe('home');
  });

  it('uses inputmode from the question', () => {
    render(QuestionPage, { target: mainTarget(), props: { draft: makeDraft(), index: 2 } });
    expect(screen.getByRole('textbox').getAttribute('inputmode')).toBe('tel');
    expect(screen.getByRole('textbox').getAttribute('autocomplete')).toBe('tel');
  });
});

describe('QuestionPage failures that are not about the answer', () => {
  beforeEach(() => {
    useLang('zh-CN');
    saveAnswer.mockReset();
  });

  it('shows a storage failure in a focused summary without marking the field invalid, keeping the value', async () => {
    const user = userEvent.setup();
    saveAnswer.mockRejectedValue({ kind: 'storage', message: { id: 'error-storage', args: {} }, fields: [] });
    render(QuestionPage, { target: mainTarget(), props: { draft: makeDraft(), index: 0 } });
    const input = screen.getByRole('textbox') as HTMLInputElement;
    await user.type(input, '张三');
    await user.click(screen.getByRole('button', { name: t('button-continue') }));
    const summary = await screen.findByRole('region', { name: t('error-summary-title') });
    await vi.waitFor(() => expect(document.activeElement).toBe(summary));
    expect(summary.textContent).toContain(t('error-storage'));
    expect(input.getAttribute('aria-invalid')).toBeNull();
    expect(input.value).toBe('张三');
    expect(document.title.startsWith(t('error-title-prefix'))).toBe(true);
    expect(nav.screen.name).toBe('home');
  });
});
