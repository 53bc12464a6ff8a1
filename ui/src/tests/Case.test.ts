// Following a case: the case page in each state (sent, needs material, done with the rating form,
// rated, withdrawn, offline, an error), the withdrawal confirmation, the home page's news notice,
// and news pushed by the watcher announced once. axe-core on every screen and state.
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
import WithdrawCase from '../screens/WithdrawCase.svelte';
import Home from '../screens/Home.svelte';
import { applications, services } from './fixtures';
import { LANGS, expectNoAxeViolations, mainTarget, useLang } from './helpers';
import type { CaseView } from '../bindings/CaseView';
import type { CaseEventView } from '../bindings/CaseEventView';
import type { CaseNews } from '../bindings/CaseNews';
import type { ApplicationSummary } from '../bindings/ApplicationSummary';

const getCase = vi.mocked(ipc.getCase);
const rateCase = vi.mocked(ipc.rateCase);
const withdrawApplication = vi.mocked(ipc.withdrawApplication);
const onCaseNews = vi.mocked(ipc.onCaseNews);
const myApplications = vi.mocked(ipc.myApplications);
const listServices = vi.mocked(ipc.listServices);
const announced = vi.mocked(announce);

const CASE = 'BM20261129000001';
const SERVICE = { zhCN: '高龄津贴申请', enUS: 'Old-age allowance application' };

function event(seq: number, kind: CaseEventView['kind'], message: string, more: Partial<CaseEventView> = {}): CaseEventView {
  return { seq, kind, at: `2026-11-29T0${seq}:00:00Z`, message, materials: [], reason: null, result: null, isNew: false, ...more };
}

const MATERIALS = [
  {
    code: 'household-register',
    name: { zhCN: '户口簿', enUS: 'Household register' },
    reason: { zhCN: '户口簿首页不清晰', enUS: 'The first page is not clear' },
  },
];

function caseView(more: Partial<CaseView> = {}): CaseView {
  return {
    caseNumber: CASE,
    serviceCode: 'elderly-allowance',
    serviceName: SERVICE,
    status: 'submitted',
    statusMessage: 'case-status-submitted',
    nextStepMessage: 'case-next-wait',
    events: [event(1, 'submitted', 'case-event-submitted')],
    requestedMaterials: [],
    requestedReason: null,
    requestsAnswers: false,
    canWithdraw: true,
    canRate: false,
    rating: null,
    fromCache: false,
    refreshedAt: '2026-11-29T09:00:00Z',
    submittedAt: '2026-11-29T01:00:00Z',
    promisedDays: 15,
    canSupplement: false,
    supplement: null,
    ...more,
  };
}

const needsMore = (): CaseView =>
  caseView({
    status: 'needsMore',
    statusMessage: 'case-status-needs-more',
    nextStepMessage: 'case-next-needs-more',
    events: [
      event(1, 'submitted', 'case-event-submitted'),
      event(2, 'needsMaterial', 'case-event-needs-material', {
        materials: MATERIALS,
        reason: { zhCN: '还需要以下材料', enUS: 'We need the following' },
        isNew: true,
      }),
    ],
    requestedMaterials: MATERIALS,
    requestedReason: { zhCN: '还需要以下材料', enUS: 'We need the following' },
    requestsAnswers: false,
    canSupplement: true,
  });

const done = (more: Partial<CaseView> = {}): CaseView =>
  caseView({
    status: 'done',
    statusMessage: 'case-status-done',
    nextStepMessage: 'case-next-done',
    events: [
      event(1, 'submitted', 'case-event-submitted'),
      event(2, 'inProgress', 'case-event-in-progress'),
      event(3, 'done', 'case-event-done', { result: { zhCN: '已办结', enUS: 'Done; sent by text' } }),
    ],
    canWithdraw: false,
    canRate: true,
    ...more,
  });

const rated = (): CaseView =>
  done({ canRate: false, nextStepMessage: 'case-next-done-rated', rating: { level: 5, comment: '很好', at: '2026-11-29T10:00:00Z' } });

async function renderCase(view: CaseView | undefined = undefined, extra: Record<string, unknown> = {}) {
  render(CasePage, { target: mainTarget(), props: { caseNumber: CASE, initial: view, ...extra } });
  return screen.findByRole('heading', { level: 1 });
}

describe.each(LANGS)('Following a case (%s)', (lang) => {
  const en = lang === 'en-US';
  const service = en ? SERVICE.enUS : SERVICE.zhCN;
  let pushNews: ((news: CaseNews[]) => void) | null = null;

  beforeEach(() => {
    useLang(lang);
    getCase.mockReset();
    rateCase.mockReset();
    withdrawApplication.mockReset();
    announced.mockClear();
    pushNews = null;
    onCaseNews.mockReset().mockImplementation(async (handler) => {
      pushNews = handler;
      return () => {
        pushNews = null;
      };
    });
  });

  it('shows a sent case: the service as h1, the case number, the status in words and the timeline', async () => {
    getCase.mockResolvedValue(caseView());
    const h1 = await renderCase();
    expect(h1.textContent).toBe(service);
    await vi.waitFor(() => expect(document.activeElement).toBe(h1));
    expect(getCase).toHaveBeenCalledWith(CASE);
    expect(screen.getByText(CASE)).toBeTruthy();
    expect(screen.getByText(t('case-status-submitted'))).toBeTruthy();
    expect(screen.getByText(t('case-next-wait'))).toBeTruthy();
    expect(document.querySelector('ol.timeline')).toBeTruthy();
    const items = document.querySelectorAll('ol.timeline > li');
    expect(items).toHaveLength(1);
    expect(items[0]?.textContent).toContain(t('case-event-submitted'));
    expect(items[0]?.querySelector('time')?.getAttribute('datetime')).toBe('2026-11-29T01:00:00Z');
    expect(screen.getByRole('button', { name: t('case-withdraw') })).toBeTruthy();
    expect(screen.queryByRole('heading', { name: t('rate-heading') })).toBeNull();
    expect(document.title).toContain(service);
    await expectNoAxeViolations();
  });

  it('lists the materials asked for, why, and how to bring them; new events are marked', async () => {
    await renderCase(needsMore());
    const section = screen.getByRole('region', { name: t('case-materials-heading') });
    expect(within(section).getByText(en ? 'Household register' : '户口簿')).toBeTruthy();
    expect(section.textContent).toContain(t('case-reason', { reason: en ? 'The first page is not clear' : '户口簿首页不清晰' }));
    expect(section.textContent).toContain(t('case-materials-how', { hotline: '12345' }));
    expect(screen.getByText(t('case-new-events', { count: 1 }))).toBeTruthy();
    expect(document.querySelectorAll('ol.timeline .tag')).toHaveLength(1);
    expect(screen.getByText(t('case-status-needs-more'))).toBeTruthy();
    await expectNoAxeViolations();
  });

  it('rates a done case once: five options in a fieldset, a counted comment, then thanks', async () => {
    const user = userEvent.setup();
    await renderCase(done());
    const group = screen.getByRole('group', { name: t('rate-legend') });
    const radios = within(group).getAllByRole('radio');
    expect(radios.map((r) => (r as HTMLInputElement).labels?.[0]?.textContent)).toEqual(
      [5, 4, 3, 2, 1].map((n) => t(`rate-level-${n}`)),
    );
    expect(screen.getByText(t('case-result', { result: en ? 'Done; sent by text' : '已办结' }))).toBeTruthy();
    await expectNoAxeViolations();

    // Nothing chosen: an error summary linked to the options.
    await user.click(screen.getByRole('button', { name: t('rate-submit') }));
    const summary = await screen.findByRole('region', { name: t('error-summary-title') });
    await vi.waitFor(() => expect(document.activeElement).toBe(summary));
    expect(summary.textContent).toContain(t('error-rating-level'));
    expect(rateCase).not.toHaveBeenCalled();
    await expectNoAxeViolations();

    const comment = screen.getByRole('textbox', { name: t('rate-comment-label') });
    expect(screen.getByText(t('rate-comment-remaining', { count: 500 }))).toBeTruthy();
    await user.type(comment, '很好');
    expect(screen.getByText(t('rate-comment-remaining', { count: 498 }))).toBeTruthy();
    await user.click(screen.getByRole('radio', { name: t('rate-level-5') }));
    rateCase.mockResolvedValue(rated());
    await user.click(screen.getByRole('button', { name: t('rate-submit') }));
    expect(rateCase).toHaveBeenCalledWith(CASE, 5, '很好');
    const thanks = await screen.findByRole('heading', { name: t('rate-thanks-heading') });
    await vi.waitFor(() => expect(document.activeElement).toBe(thanks));
    expect(screen.getByText(t('rate-given', { level: t('rate-level-5') }))).toBeTruthy();
    expect(screen.queryByRole('button', { name: t('rate-submit') })).toBeNull();
    await vi.waitFor(() => expect(announced).toHaveBeenCalledWith(t('rate-sent')));
    await expectNoAxeViolations();
  });

  it('refuses a comment over 500 characters before sending it', async () => {
    const user = userEvent.setup();
    await renderCase(done());
    const comment = screen.getByRole('textbox', { name: t('rate-comment-label') });
    await user.click(comment);
    await user.paste('好'.repeat(502));
    expect(screen.getByText(t('rate-comment-over', { count: 2 }))).toBeTruthy();
    await user.click(screen.getByRole('radio', { name: t('rate-level-3') }));
    await user.click(screen.getByRole('button', { name: t('rate-submit') }));
    const summary = await screen.findByRole('region', { name: t('error-summary-title') });
    expect(summary.textContent).toContain(t('error-too-long', { max: 500, actual: 502 }));
    expect(rateCase).not.toHaveBeenCalled();
    expect(comment.getAttribute('aria-invalid')).toBe('true');
    await expectNoAxeViolations();
  });

  it('explains a 409 "rated already" and shows the rating that stands', async () => {
    const user = userEvent.setup();
    await renderCase(done());
    rateCase.mockRejectedValue({ kind: 'conflict', message: { id: 'error-already-rated', args: {} }, fields: [] });
    getCase.mockResolvedValue(rated());
    await user.click(screen.getByRole('radio', { name: t('rate-level-1') }));
    await user.click(screen.getByRole('button', { name: t('rate-submit') }));
    const summary = await screen.findByRole('region', { name: t('error-summary-title') });
    expect(summary.textContent).toContain(t('error-already-rated'));
    expect(await screen.findByText(t('rate-given', { level: t('rate-level-5') }))).toBeTruthy();
    expect(screen.queryByRole('radio')).toBeNull();
    await expectNoAxeViolations();
  });

  it('shows a rated case without a second rating form', async () => {
    await renderCase(rated());
    expect(screen.getByText(t('rate-comment-given', { comment: '很好' }))).toBeTruthy();
    expect(screen.queryByRole('group', { name: t('rate-legend') })).toBeNull();
    expect(screen.queryByRole('button', { name: t('case-withdraw') })).toBeNull();
    await expectNoAxeViolations();
  });

  it('says when the timeline comes from this computer (offline)', async () => {
    await renderCase(caseView({ fromCache: true }));
    expect(document.querySelector('.notice')?.textContent).toContain(t('case-offline-note', { time: '' }).slice(0, 6));
    await expectNoAxeViolations();
  });

  it('shows a load failure with a retry', async () => {
    getCase.mockRejectedValueOnce({ kind: 'network', message: { id: 'error-network', args: { hotline: '12345' } }, fields: [] });
    await renderCase();
    expect(await screen.findByText(t('error-network', { hotline: '12345' }))).toBeTruthy();
    await expectNoAxeViolations();
    getCase.mockResolvedValue(caseView());
    await userEvent.setup().click(screen.getByRole('button', { name: t('button-retry') }));
    expect(await screen.findByRole('heading', { level: 1, name: service })).toBeTruthy();
  });

  it('takes news pushed by the watcher in place and announces it once', async () => {
    getCase.mockResolvedValue(caseView());
    await renderCase();
    await vi.waitFor(() => expect(pushNews).not.toBeNull());
    getCase.mockResolvedValue(needsMore());
    pushNews?.([{ caseNumber: 'BM-OTHER', serviceName: SERVICE, status: 'accepted', statusMessage: 'case-status-accepted', newEvents: 1 }]);
    pushNews?.([{ caseNumber: CASE, serviceName: SERVICE, status: 'needsMore', statusMessage: 'case-status-needs-more', newEvents: 1 }]);
    expect(await screen.findByRole('region', { name: t('case-materials-heading') })).toBeTruthy();
    const said = t('home-news-item', { service, status: t('case-status-needs-more') });
    await vi.waitFor(() => expect(announced).toHaveBeenCalledWith(said));
    expect(announced.mock.calls.filter((c) => c[0] === said)).toHaveLength(1);
    expect(getCase).toHaveBeenCalledTimes(2);
    await expectNoAxeViolations();
  });

  it('withdraws after a confirmation: warning, optional reason, red button and a way back', async () => {
    const user = userEvent.setup();
    await renderCase(caseView());
    await user.click(screen.getByRole('button', { name: t('case-withdraw') }));
    expect(nav.screen).toMatchObject({ name: 'withdraw' });
  });

  it('the withdrawal page confirms, and goes back without doing anything', async () => {
    const user = userEvent.setup();
    const view = caseView();
    render(WithdrawCase, { target: mainTarget(), props: { view } });
    const h1 = screen.getByRole('heading', { level: 1, name: t('withdraw-heading') });
    await vi.waitFor(() => expect(document.activeElement).toBe(h1));
    expect(document.querySelector('.warning-text')?.textContent).toContain(t('withdraw-warning'));
    expect(screen.getByRole('textbox', { name: t('withdraw-reason-label') })).toBeTruthy();
    const confirm = screen.getByRole('button', { name: t('withdraw-confirm') });
    expect(confirm.classList.contains('button-warning')).toBe(true);
    await expectNoAxeViolations();

    await user.click(screen.getByRole('link', { name: t('withdraw-cancel') }));
    expect(nav.screen).toMatchObject({ name: 'case', caseNumber: CASE });
    expect(withdrawApplication).not.toHaveBeenCalled();
  });

  it('the withdrawal sends the reason and shows the withdrawn case', async () => {
    const user = userEvent.setup();
    render(WithdrawCase, { target: mainTarget(), props: { view: caseView() } });
    await user.type(screen.getByRole('textbox', { name: t('withdraw-reason-label') }), '不需要了');
    const after = caseView({ status: 'withdrawn', statusMessage: 'case-status-withdrawn', nextStepMessage: 'case-next-withdrawn', canWithdraw: false });
    withdrawApplication.mockResolvedValue(after);
    await user.click(screen.getByRole('button', { name: t('withdraw-confirm') }));
    expect(withdrawApplication).toHaveBeenCalledWith(CASE, '不需要了');
    await vi.waitFor(() => expect(nav.screen).toMatchObject({ name: 'case', done: 'withdrawn' }));
  });

  it('shows a withdrawn case with its banner, announced once', async () => {
    const after = caseView({ status: 'withdrawn', statusMessage: 'case-status-withdrawn', nextStepMessage: 'case-next-withdrawn', canWithdraw: false });
    await renderCase(after, { done: 'withdrawn' });
    expect(screen.getAllByText(t('case-withdrawn-banner')).length).toBeGreaterThan(0);
    expect(screen.getByText(t('case-status-withdrawn'))).toBeTruthy();
    expect(screen.queryByRole('button', { name: t('case-withdraw') })).toBeNull();
    await vi.waitFor(() => expect(announced).toHaveBeenCalledWith(t('case-withdrawn-banner')));
    await expectNoAxeViolations();
  });

  it('a withdrawal the backend refuses is explained in the error summary', async () => {
    const user = userEvent.setup();
    render(WithdrawCase, { target: mainTarget(), props: { view: caseView() } });
    withdrawApplication.mockRejectedValue({ kind: 'conflict', message: { id: 'error-case-state', args: {} }, fields: [] });
    await user.click(screen.getByRole('button', { name: t('withdraw-confirm') }));
    const summary = await screen.findByRole('region', { name: t('error-summary-title') });
    expect(summary.textContent).toContain(t('error-case-state'));
    await expectNoAxeViolations();
  });
});

describe.each(LANGS)('Home with cases (%s)', (lang) => {
  const en = lang === 'en-US';
  let pushNews: ((news: CaseNews[]) => void) | null = null;
  const followed: ApplicationSummary = {
    ...(applications[1] as ApplicationSummary),
    serviceName: SERVICE,
    caseNumber: CASE,
    caseStatus: 'needsMore',
    caseStatusMessage: 'case-status-needs-more',
    unseenEvents: 1,
  };

  beforeEach(() => {
    useLang(lang);
    announced.mockClear();
    listServices.mockReset().mockResolvedValue(services);
    myApplications.mockReset().mockResolvedValue([followed]);
    onCaseNews.mockReset().mockImplementation(async (handler) => {
      pushNews = handler;
      return () => {
        pushNews = null;
      };
    });
  });

  it('shows each case status in words, a notice of news, and a View button named by the service', async () => {
    const user = userEvent.setup();
    render(Home, { target: mainTarget() });
    const service = en ? SERVICE.enUS : SERVICE.zhCN;
    const view = await screen.findByRole('button', { name: t('applications-view', { service }) });
    const notice = screen.getByRole('region', { name: t('home-news-heading') });
    expect(notice.textContent).toContain(t('home-news-item', { service, status: t('case-status-needs-more') }));
    expect(screen.getAllByText(t('case-status-needs-more')).length).toBeGreaterThan(0);
    expect(screen.getByText(t('applications-news'))).toBeTruthy();
    await expectNoAxeViolations();
    await user.click(view);
    expect(nav.screen).toMatchObject({ name: 'case', caseNumber: CASE });
  });

  it('announces news pushed by the watcher once and updates the list in place', async () => {
    myApplications.mockResolvedValue([{ ...followed, caseStatus: 'accepted', caseStatusMessage: 'case-status-accepted', unseenEvents: 0 }]);
    render(Home, { target: mainTarget() });
    await screen.findByText(t('case-status-accepted'));
    expect(screen.queryByRole('region', { name: t('home-news-heading') })).toBeNull();
    await vi.waitFor(() => expect(pushNews).not.toBeNull());
    myApplications.mockResolvedValue([followed]);
    pushNews?.([{ caseNumber: CASE, serviceName: SERVICE, status: 'needsMore', statusMessage: 'case-status-needs-more', newEvents: 1 }]);
    const service = en ? SERVICE.enUS : SERVICE.zhCN;
    expect(await screen.findByRole('region', { name: t('home-news-heading') })).toBeTruthy();
    const said = t('home-news-item', { service, status: t('case-status-needs-more') });
    await vi.waitFor(() => expect(announced).toHaveBeenCalledWith(said));
    expect(announced.mock.calls.filter((c) => c[0] === said)).toHaveLength(1);
    await expectNoAxeViolations();
  });
});
