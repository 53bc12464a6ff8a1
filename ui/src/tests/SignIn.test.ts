import { describe, expect, it, vi, beforeEach } from 'vitest';
import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';

vi.mock('../lib/ipc', async () => (await import('./ipc-mock')).ipcMock());

import * as ipc from '../lib/ipc';
import { t, localized } from '../lib/i18n';
import { liveRegion } from '../lib/announce.svelte';
import { account } from '../lib/account.svelte';
import App from '../App.svelte';
import QuestionPage from '../screens/QuestionPage.svelte';
import CheckAnswers from '../screens/CheckAnswers.svelte';
import { applications, makeDraft, services } from './fixtures';
import { LANGS, expectNoAxeViolations, mainTarget, useLang } from './helpers';
import type { Draft } from '../bindings/Draft';
import type { UiError } from '../bindings/UiError';

const m = vi.mocked(ipc);

const challenge = (code: string) => ({
  challengeId: `c-${code}`,
  expiresAt: '2026-11-29T12:00:00Z',
  length: 6,
  practiceCode: code,
});

function refused(linkId: string, id: string, args: Record<string, string> = {}): UiError {
  const message = { id, args: { hotline: '12345', ...args } };
  return { kind: 'invalid', message, fields: [{ linkId, message }] };
}

/** A draft whose name and ID number came from the records. */
function prefilledDraft(): Draft {
  const draft = makeDraft({ name: ['王秀英'], 'id-number': ['110101194403150027'] });
  return {
    ...draft,
    questions: draft.questions.map((q) => ({ ...q, prefilled: q.linkId !== 'mobile' })),
  };
}

function setup(): void {
  account.current = null;
  account.notice = null;
  m.appInfo.mockReset().mockResolvedValue({ practiceMode: true, backendUrl: 'http://127.0.0.1:8787', version: '0.1.0', hotline: '12345', kiosk: false, kioskIdleSecs: 0 });
  m.listServices.mockReset().mockResolvedValue(services);
  m.myApplications.mockReset().mockResolvedValue(applications);
  m.signedIn.mockReset().mockResolvedValue({ account: null, ended: null });
  m.requestSignInCode.mockReset().mockImplementation(async (mobile: string) => {
    if (mobile.trim() === '') throw refused('mobile', 'error-sign-in-mobile-required');
    if (!/^1\d{10}$/.test(mobile.replace(/\s/g, ''))) throw refused('mobile', 'error-mobile-format');
    return challenge('123456');
  });
  m.signIn.mockReset().mockImplementation(async (_id: string, code: string) => {
    if (code === '000000') throw refused('code', 'error-sign-in-code-wrong', { attemptsLeft: '4' });
    if (code === '999999') throw refused('code', 'error-sign-in-code-expired');
    return { name: '王秀英', expiresAt: '2026-11-29T12:30:00Z' };
  });
  m.signOut.mockReset().mockResolvedValue(undefined);
}

async function openMobilePage(user: ReturnType<typeof userEvent.setup>): Promise<HTMLInputElement> {
  render(App);
  await screen.findByRole('heading', { level: 1, name: t('home-heading') });
  await user.click(within(screen.getByRole('banner')).getByRole('button', { name: t('sign-in-button') }));
  const input = (await screen.findByRole('textbox', { name: t('sign-in-mobile-heading') })) as HTMLInputElement;
  await vi.waitFor(() => expect(document.activeElement).toBe(screen.getByRole('heading', { level: 1 })));
  return input;
}

describe.each(LANGS)('Sign-in (%s)', (lang) => {
  beforeEach(() => {
    useLang(lang);
    setup();
  });

  it('asks for the mobile number on its own page, with no password, and no axe violations', async () => {
    const user = userEvent.setup();
    const input = await openMobilePage(user);
    expect(document.title).toBe(`${t('sign-in-mobile-heading')} – ${t('app-name')}`);
    expect(input.getAttribute('inputmode')).toBe('tel');
    expect(input.getAttribute('autocomplete')).toBe('tel');
    expect(input.getAttribute('aria-describedby')).toBe('sign-in-mobile-hint');
    expect(screen.getByText(t('sign-in-mobile-hint'))).toBeTruthy();
    expect(document.querySelector('input[type=password]')).toBeNull();
    await expectNoAxeViolations(document);
  });

  it('shows a missing or mistyped number in the error summary, focused every time, linked to the field', async () => {
    const user = userEvent.setup();
    const input = await openMobilePage(user);
    await user.click(screen.getByRole('button', { name: t('sign-in-send-code') }));
    const summary = await screen.findByRole('region', { name: t('error-summary-title') });
    await vi.waitFor(() => expect(document.activeElement).toBe(summary));
    const required = t('error-sign-in-mobile-required');
    expect(within(summary).getByRole('link', { name: required }).getAttribute('href')).toBe('#sign-in-mobile');
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(input.getAttribute('aria-describedby')).toBe('sign-in-mobile-hint sign-in-mobile-error');
    expect(document.getElementById('sign-in-mobile-error')?.textContent).toBe(`${t('error-prefix')}${required}`);
    expect(document.title).toBe(`${t('error-title-prefix')}${t('sign-in-mobile-heading')} – ${t('app-name')}`);
    await expectNoAxeViolations(document);
    // The second submit focuses the summary again (govuk-frontend #2055).
    await user.type(input, '12');
    input.focus();
    await user.click(screen.getByRole('button', { name: t('sign-in-send-code') }));
    await vi.waitFor(() => expect(document.activeElement).toBe(screen.getByRole('region', { name: t('error-summary-title') })));
    expect(screen.getAllByText(t('error-mobile-format')).length).toBe(2);
    await user.click(screen.getByRole('link', { name: t('error-mobile-format') }));
    // Focus moves a moment later (the caret first goes into the link, see ErrorSummary).
    await vi.waitFor(() => expect(document.activeElement).toBe(input));
  });

  it('shows the practice code on the code page; paste is allowed; a wrong code is an error with the tries left', async () => {
    const user = userEvent.setup();
    const mobile = await openMobilePage(user);
    await user.type(mobile, '13800000001');
    await user.click(screen.getByRole('button', { name: t('sign-in-send-code') }));
    const code = (await screen.findByRole('textbox', { name: t('sign-in-code-heading') })) as HTMLInputElement;
    await vi.waitFor(() => expect(document.activeElement).toBe(screen.getByRole('heading', { level: 1, name: t('sign-in-code-heading') })));
    expect(m.requestSignInCode).toHaveBeenCalledWith('13800000001');
    expect(code.getAttribute('autocomplete')).toBe('one-time-code');
    expect(code.getAttribute('inputmode')).toBe('numeric');
    expect(code.hasAttribute('maxlength')).toBe(false);
    expect(screen.getByText(t('sign-in-code-hint', { length: '6', mobile: '13800000001' }))).toBeTruthy();
    expect(screen.getByText(t('sign-in-practice-note'))).toBeTruthy();
    expect(document.querySelector('.practice-code')?.textContent).toBe('123456');
    // The voice alternative: a person on the hotline.
    expect(screen.getByText(t('sign-in-voice', { number: '12345' }))).toBeTruthy();
    await expectNoAxeViolations(document);

    code.focus();
    await user.paste('000000');
    expect(code.value).toBe('000000');
    await user.click(screen.getByRole('button', { name: t('sign-in-submit') }));
    const summary = await screen.findByRole('region', { name: t('error-summary-title') });
    await vi.waitFor(() => expect(document.activeElement).toBe(summary));
    const wrong = t('error-sign-in-code-wrong', { attemptsLeft: '4' });
    expect(within(summary).getByRole('link', { name: wrong }).getAttribute('href')).toBe('#sign-in-code');
    expect(code.getAttribute('aria-invalid')).toBe('true');
    expect(code.value).toBe('000000');
    await expectNoAxeViolations(document);
  });

  it('a dead code links to "Send a new code", which brings a new one and says so', async () => {
    const user = userEvent.setup();
    const mobile = await openMobilePage(user);
    await user.type(mobile, '13800000001');
    await user.click(screen.getByRole('button', { name: t('sign-in-send-code') }));
    const code = await screen.findByRole('textbox', { name: t('sign-in-code-heading') });
    await user.type(code, '999999');
    await user.click(screen.getByRole('button', { name: t('sign-in-submit') }));
    const summary = await screen.findByRole('region', { name: t('error-summary-title') });
    const dead = within(summary).getByRole('link', { name: t('error-sign-in-code-expired') });
    expect(dead.getAttribute('href')).toBe('#sign-in-new-code');
    await expectNoAxeViolations(document);
    await user.click(dead);
    const again = screen.getByRole('button', { name: t('sign-in-new-code') });
    await vi.waitFor(() => expect(document.activeElement).toBe(again));
    m.requestSignInCode.mockResolvedValueOnce(challenge('654321'));
    await user.click(again);
    await vi.waitFor(() => expect(document.querySelector('.practice-code')?.textContent).toBe('654321'));
    expect(screen.queryByRole('region', { name: t('error-summary-title') })).toBeNull();
    await vi.waitFor(() => expect(liveRegion.text).toBe(t('sign-in-new-code-sent')));
    await user.type(screen.getByRole('textbox', { name: t('sign-in-code-heading') }), '654321');
    await user.click(screen.getByRole('button', { name: t('sign-in-submit') }));
    expect(m.signIn).toHaveBeenLastCalledWith('c-654321', '654321');
  });

  it('returns where the resident was, says who is signed in, and signs out from the header', async () => {
    const user = userEvent.setup();
    const mobile = await openMobilePage(user);
    await user.type(mobile, '13800000001');
    await user.click(screen.getByRole('button', { name: t('sign-in-send-code') }));
    await user.type(await screen.findByRole('textbox', { name: t('sign-in-code-heading') }), '123456');
    m.signedIn.mockResolvedValue({ account: { name: '王秀英', expiresAt: '2026-11-29T12:30:00Z' }, ended: null });
    await user.click(screen.getByRole('button', { name: t('sign-in-submit') }));
    const home = await screen.findByRole('heading', { level: 1, name: t('home-heading') });
    await vi.waitFor(() => expect(document.activeElement).toBe(home));
    const notice = t('sign-in-notice', { name: '王秀英' });
    expect(document.querySelector('.account-notice')?.textContent).toBe(notice);
    await vi.waitFor(() => expect(liveRegion.text).toBe(notice));
    const banner = screen.getByRole('banner');
    expect(within(banner).getByText(t('signed-in-as', { name: '王秀英' }))).toBeTruthy();
    expect(within(banner).queryByRole('button', { name: t('sign-in-button') })).toBeNull();
    await expectNoAxeViolations(document);

    m.signedIn.mockResolvedValue({ account: null, ended: null });
    await user.click(within(banner).getByRole('button', { name: t('sign-out-button') }));
    expect(m.signOut).toHaveBeenCalledTimes(1);
    await vi.waitFor(() => expect(document.querySelector('.account-notice')?.textContent).toBe(t('sign-out-notice')));
    expect(within(banner).getByRole('button', { name: t('sign-in-button') })).toBeTruthy();
    expect(screen.getByRole('heading', { level: 1, name: t('home-heading') })).toBeTruthy();
    await expectNoAxeViolations(document);
  });

  it('opens the form again after signing in from a question, so it comes back prefilled', async () => {
    const user = userEvent.setup();
    m.startApplication.mockReset().mockResolvedValueOnce(makeDraft()).mockResolvedValueOnce(prefilledDraft());
    render(App);
    await user.click(await screen.findByRole('button', { name: localized(services.services[0]!.name) }));
    await screen.findByRole('textbox', { name: localized(makeDraft().questions[0]!.text) });
    await user.click(within(screen.getByRole('banner')).getByRole('button', { name: t('sign-in-button') }));
    await user.type(await screen.findByRole('textbox', { name: t('sign-in-mobile-heading') }), '13800000001');
    await user.click(screen.getByRole('button', { name: t('sign-in-send-code') }));
    await user.type(await screen.findByRole('textbox', { name: t('sign-in-code-heading') }), '123456');
    await user.click(screen.getByRole('button', { name: t('sign-in-submit') }));
    const name = (await screen.findByRole('textbox', { name: localized(makeDraft().questions[0]!.text) })) as HTMLInputElement;
    expect(name.value).toBe('王秀英');
    expect(m.startApplication).toHaveBeenLastCalledWith('elderly-allowance');
    expect(document.querySelector('.account-notice')?.textContent).toBe(t('sign-in-notice', { name: '王秀英' }));
    await expectNoAxeViolations(document);
  });

  it('says once, where the resident is, that the session ran out', async () => {
    m.signedIn.mockResolvedValueOnce({ account: null, ended: { id: 'error-session-expired', args: {} } });
    render(App);
    await screen.findByRole('heading', { level: 1, name: t('home-heading') });
    await vi.waitFor(() => expect(document.querySelector('.account-notice')?.textContent).toBe(t('error-session-expired')));
    await vi.waitFor(() => expect(liveRegion.text).toBe(t('error-session-expired')));
    expect(within(screen.getByRole('banner')).getByRole('button', { name: t('sign-in-button') })).toBeTruthy();
    await expectNoAxeViolations(document);
  });
});

describe.each(LANGS)('Prefilled answers (%s)', (lang) => {
  beforeEach(() => {
    useLang(lang);
    setup();
  });

  it('a question page shows the value from the records, says so in the field description, and saves it on Continue', async () => {
    const user = userEvent.setup();
    const draft = prefilledDraft();
    m.saveAnswer.mockReset().mockResolvedValue({ draft, error: null });
    render(QuestionPage, { target: mainTarget(), props: { draft, index: 0 } });
    const input = screen.getByRole('textbox', { name: localized(draft.questions[0]!.text) }) as HTMLInputElement;
    expect(input.value).toBe('王秀英');
    const hint = document.getElementById(input.getAttribute('aria-describedby') ?? '');
    expect(hint?.textContent).toBe(`${t('prefill-hint')} ${localized(draft.questions[0]!.hint)}`);
    await expectNoAxeViolations();
    await user.click(screen.getByRole('button', { name: t('button-continue') }));
    expect(m.saveAnswer).toHaveBeenCalledWith(draft.id, 'name', ['王秀英']);
  });

  it('a question not from the records has no such note', () => {
    const draft = prefilledDraft();
    render(QuestionPage, { target: mainTarget(), props: { draft, index: 2 } });
    expect(screen.queryByText(t('prefill-hint'), { exact: false })).toBeNull();
  });

  it('the check page marks the answers from the records', async () => {
    const draft = prefilledDraft();
    render(CheckAnswers, { target: mainTarget(), props: { draft } });
    const tags = screen.getAllByText(t('check-prefilled'));
    expect(tags).toHaveLength(2);
    expect(tags[0]!.closest('.summary-row')?.querySelector('dt')?.textContent).toBe(localized(draft.questions[0]!.text));
    await expectNoAxeViolations();
  });
});
