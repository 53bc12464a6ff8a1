// Supplements (补正): the case page's "Send the missing documents", the request as question pages
// (an attachment question per material), the check page in the supplement's own words sending it
// with submit_supplement, and the case page afterwards (sent, being sent, needs attention). axe-core
// on every screen and state.
import { describe, expect, it, vi, beforeEach } from 'vitest';
import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';

vi.mock('../lib/ipc', async () => (await import('./ipc-mock')).ipcMock());
vi.mock('../lib/announce.svelte', async (importOriginal) => {
  const real = await importOriginal<typeof import('../lib/announce.svelte')>();
  return { ...real, announce: vi.fn(real.announce) };
});

import * as ipc from '../lib/ipc';
import { announce } from '../lib/announce.svelte';
import { t } from '../lib/i18n';
import { nav } from '../lib/nav.svelte';
import CasePage from '../screens/CasePage.svelte';
import CheckAnswers from '../screens/CheckAnswers.svelte';
import QuestionPage from '../screens/QuestionPage.svelte';
import { formDraft, makeQuestion } from './fixtures';
import { LANGS, expectNoAxeViolations, mainTarget, useLang } from './helpers';
import type { CaseView } from '../bindings/CaseView';
import type { Draft } from '../bindings/Draft';
import type { SupplementStatus } from '../bindings/SupplementStatus';

const getCase = vi.mocked(ipc.getCase);
const startSupplement = vi.mocked(ipc.startSupplement);
const submitSupplement = vi.mocked(ipc.submitSupplement);
const submitApplication = vi.mocked(ipc.submitApplication);
const announced = vi.mocked(announce);

const CASE = 'BM20261129000007';
const SERVICE = { zhCN: '高龄津贴申请', enUS: 'Old-age allowance application' };
const REGISTER = {
  code: 'household-register',
  name: { zhCN: '户口簿', enUS: 'Household register' },
  reason: { zhCN: '户口簿首页不清晰', enUS: 'The first page is not clear' },
};

function caseView(more: Partial<CaseView> = {}): CaseView {
  return {
    caseNumber: CASE,
    serviceCode: 'elderly-allowance',
    serviceName: SERVICE,
    status: 'needsMore',
    statusMessage: 'case-status-needs-more',
    nextStepMessage: 'case-next-needs-more',
    events: [
      { seq: 1, kind: 'submitted', at: '2026-11-29T01:00:00Z', message: 'case-event-submitted', materials: [], reason: null, result: null, isNew: false },
      { seq: 2, kind: 'needsMaterial', at: '2026-11-29T02:00:00Z', message: 'case-event-needs-material', materials: [REGISTER], reason: null, result: null, isNew: false },
    ],
    requestedMaterials: [REGISTER],
    requestedReason: null,
    requestsAnswers: false,
    canWithdraw: true,
    canRate: false,
    rating: null,
    fromCache: false,
    refreshedAt: '2026-11-29T09:00:00Z',
    submittedAt: '2026-11-29T01:00:00Z',
    promisedDays: 15,
    canSupplement: true,
    supplement: null,
    ...more,
  };
}

function status(more: Partial<SupplementStatus>): SupplementStatus {
  return { draftId: 'supp-1', current: true, outbox: null, nextAttemptAt: null, attention: null, sentAt: null, ...more };
}

function supplementDraft(answers: Record<string, string[]> = {}): Draft {
  const question = makeQuestion('household-register', 'attachment', '户口簿', 'Household register', {
    hint: REGISTER.reason,
    repeats: true,
    attachments: answers['household-register'] ? [{ id: 'att-1', fileName: '户口簿.png', size: 120_000, contentType: 'image/png' }] : [],
  });
  return { ...formDraft([question], answers), id: 'supp-1', serviceName: SERVICE, supplementFor: CASE };
}

async function renderCase(view: CaseView, done: 'supplemented' | undefined = undefined) {
  render(CasePage, { target: mainTarget(), props: { caseNumber: CASE, initial: view, done } });
  return screen.findByRole('heading', { level: 1 });
}

describe.each(LANGS)('Supplements (%s)', (lang) => {
  beforeEach(() => {
    useLang(lang);
    getCase.mockReset();
    startSupplement.mockReset();
    submitSupplement.mockReset();
    submitApplication.mockReset();
    announced.mockClear();
    nav.screen = { name: 'home' };
  });

  it('offers "Send the missing documents" on the case page and opens the request as question pages', async () => {
    const user = userEvent.setup();
    await renderCase(caseView());
    const section = screen.getByRole('region', { name: t('case-materials-heading') });
    expect(section.textContent).toContain(t('case-materials-how', { hotline: '12345' }));
    expect(section.textContent).not.toContain(t('case-materials-how-in-person', { hotline: '12345' }));
    await expectNoAxeViolations();
    startSupplement.mockResolvedValue(supplementDraft());
    await user.click(within(section).getByRole('button', { name: t('supplement-start') }));
    expect(startSupplement).toHaveBeenCalledWith(CASE);
    expect(nav.screen).toMatchObject({ name: 'question', index: 0, fromCheck: false });
  });

  it('a request that also asks questions says so, and the button says the reply starts with them', async () => {
    const user = userEvent.setup();
    await renderCase(caseView({ requestsAnswers: true }));
    const section = screen.getByRole('region', { name: t('case-request-heading') });
    expect(section.textContent).toContain(t('case-request-questions'));
    expect(section.textContent).toContain(t('case-request-how', { hotline: '12345' }));
    // The documents asked for are still listed.
    expect(within(section).getByRole('listitem').textContent).toContain(lang === 'en-US' ? 'Household register' : '户口簿');
    await expectNoAxeViolations();
    startSupplement.mockResolvedValue(supplementDraft());
    await user.click(within(section).getByRole('button', { name: t('supplement-start-answers') }));
    expect(startSupplement).toHaveBeenCalledWith(CASE);
    document.body.innerHTML = '';
    // Questions only, nothing to upload: no empty list; being filled in, "Continue your reply".
    await renderCase(caseView({ requestsAnswers: true, requestedMaterials: [], supplement: status({ outbox: null }) }));
    const only = screen.getByRole('region', { name: t('case-request-heading') });
    expect(within(only).queryByRole('list')).toBeNull();
    expect(within(only).getByRole('button', { name: t('supplement-continue-answers') })).toBeTruthy();
  });

  it('resumes a supplement being filled in ("Continue"); a request it cannot answer says to bring it in', async () => {
    await renderCase(caseView({ supplement: status({ outbox: null }) }));
    expect(screen.getByRole('button', { name: t('supplement-continue') })).toBeTruthy();
    document.body.innerHTML = '';
    await renderCase(caseView({ canSupplement: false }));
    expect(screen.queryByRole('button', { name: t('supplement-start') })).toBeNull();
    expect(screen.getByText(t('case-materials-how-in-person', { hotline: '12345' }))).toBeTruthy();
    await expectNoAxeViolations();
  });

  it('asks for each material on its own page, the reason as the hint; Back returns to the case', async () => {
    const user = userEvent.setup();
    render(QuestionPage, { target: mainTarget(), props: { draft: supplementDraft(), index: 0 } });
    const h1 = await screen.findByRole('heading', { level: 1 });
    expect(h1.textContent).toContain(lang === 'en-US' ? 'Household register' : '户口簿');
    expect(screen.getByText(lang === 'en-US' ? REGISTER.reason.enUS : REGISTER.reason.zhCN)).toBeTruthy();
    await expectNoAxeViolations();
    await user.click(screen.getByRole('link', { name: t('button-back') }));
    expect(nav.screen).toMatchObject({ name: 'case', caseNumber: CASE });
  });

  it('checks the documents in their own words and sends them with submit_supplement, never as an application', async () => {
    const user = userEvent.setup();
    render(CheckAnswers, { target: mainTarget(), props: { draft: supplementDraft({ 'household-register': ['att-1'] }) } });
    const h1 = screen.getByRole('heading', { level: 1, name: t('supplement-check-heading') });
    await vi.waitFor(() => expect(document.activeElement).toBe(h1));
    expect(document.title).toBe(`${t('supplement-check-heading')} – ${t('app-name')}`);
    expect(screen.getByText(t('supplement-check-intro'))).toBeTruthy();
    expect(screen.getByText((text) => text.includes('户口簿.png'))).toBeTruthy();
    await expectNoAxeViolations();
    const sent = caseView({
      status: 'supplemented',
      statusMessage: 'case-status-supplemented',
      nextStepMessage: 'case-next-supplemented',
      requestedMaterials: [],
      canSupplement: false,
      supplement: status({ current: false, outbox: 'accepted', sentAt: '2026-11-29T10:00:00Z' }),
    });
    submitSupplement.mockResolvedValue(sent);
    await user.click(screen.getByRole('button', { name: t('supplement-submit') }));
    expect(submitSupplement).toHaveBeenCalledWith('supp-1');
    expect(submitApplication).not.toHaveBeenCalled();
    expect(nav.screen).toMatchObject({ name: 'case', caseNumber: CASE, done: 'supplemented' });
  });

  it('after sending: "Documents sent" is shown and said once, and nothing more is offered', async () => {
    const sent = caseView({
      status: 'supplemented',
      statusMessage: 'case-status-supplemented',
      nextStepMessage: 'case-next-supplemented',
      requestedMaterials: [],
      canSupplement: false,
      supplement: status({ current: false, outbox: 'accepted', sentAt: '2026-11-29T10:00:00Z' }),
    });
    const h1 = await renderCase(sent, 'supplemented');
    await vi.waitFor(() => expect(document.activeElement).toBe(h1));
    const panel = screen.getByRole('region', { name: t('supplement-sent-heading') });
    expect(panel.textContent).toContain(t('supplement-sent'));
    await vi.waitFor(() => expect(announced).toHaveBeenCalledWith(t('supplement-sent-heading')));
    expect(screen.queryByRole('button', { name: t('supplement-start') })).toBeNull();
    expect(screen.getByText(t('case-status-supplemented'))).toBeTruthy();
    await expectNoAxeViolations();
  });

  it('while it waits to be sent: saved, sent by itself, in plain words; needing attention says why', async () => {
    await renderCase(
      caseView({ canSupplement: false, supplement: status({ outbox: 'retryLater', nextAttemptAt: null }) }),
    );
    const panel = screen.getByRole('region', { name: t('supplement-waiting-heading') });
    expect(panel.textContent).toContain(t('outbox-retry-detail-soon'));
    expect(screen.queryByRole('button', { name: t('supplement-start') })).toBeNull();
    await expectNoAxeViolations();
    document.body.innerHTML = '';
    await renderCase(
      caseView({
        canSupplement: false,
        supplement: status({ outbox: 'needsAttention', attention: { id: 'error-submission-refused', args: { hotline: '12345' } } }),
      }),
    );
    const attention = screen.getByRole('region', { name: t('supplement-attention-heading') });
    expect(attention.textContent).toContain(t('error-submission-refused', { hotline: '12345' }));
    await expectNoAxeViolations();
  });
});
