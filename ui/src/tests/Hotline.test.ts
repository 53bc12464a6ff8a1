// A 12345 request: the entries from Home and from Help, the confirmation in 12345 words, the
// request's page in each state (taken on, replied, followed up with the rating form, rated, a
// second rating explained, offline) and My applications opening it. axe-core on every state.
import { describe, expect, it, vi, beforeEach } from 'vitest';
import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';

vi.mock('../lib/ipc', async () => (await import('./ipc-mock')).ipcMock());

import * as ipc from '../lib/ipc';
import { t } from '../lib/i18n';
import { nav } from '../lib/nav.svelte';
import HotlinePage from '../screens/HotlinePage.svelte';
import Home from '../screens/Home.svelte';
import Confirmation from '../screens/Confirmation.svelte';
import SiteHeader from '../components/SiteHeader.svelte';
import { applications, makeDraft, receipt, services } from './fixtures';
import { LANGS, expectNoAxeViolations, mainTarget, useLang } from './helpers';
import type { HotlineView } from '../bindings/HotlineView';
import type { HotlineEventView } from '../bindings/HotlineEventView';
import type { ApplicationSummary } from '../bindings/ApplicationSummary';

const getHotlineRequest = vi.mocked(ipc.getHotlineRequest);
const rateHotlineRequest = vi.mocked(ipc.rateHotlineRequest);
const startHotlineRequest = vi.mocked(ipc.startHotlineRequest);
const myApplications = vi.mocked(ipc.myApplications);
const listServices = vi.mocked(ipc.listServices);

const ID = 'H202611292f1c9a0b7d3e4f51';
const SERVICE = { zhCN: '12345 热线诉求', enUS: '12345 hotline request' };

function event(seq: number, status: HotlineEventView['status'], name: string, more: Partial<HotlineEventView> = {}): HotlineEventView {
  return { seq, status, at: `2026-11-29T0${seq}:00:00Z`, message: `hotline-event-${name}`, note: null, isNew: false, ...more };
}

function hotlineView(more: Partial<HotlineView> = {}): HotlineView {
  return {
    id: ID,
    kindMessage: 'hotline-type-complaint',
    description: '小区门口的路灯坏了',
    location: '阳光小区 3 号门',
    anonymous: false,
    contactMobile: '138****0001',
    photos: ['路灯0.png', '路灯1.png'],
    status: 'accepted',
    statusMessage: 'hotline-status-accepted',
    nextStepMessage: 'hotline-next-wait',
    events: [event(1, 'accepted', 'accepted', { note: { zhCN: '会尽快派给承办单位', enUS: 'It will be passed on soon' } })],
    canRate: false,
    rating: null,
    fromCache: false,
    refreshedAt: '2026-11-29T09:00:00Z',
    createdAt: '2026-11-29T01:00:00Z',
    ...more,
  };
}

const REPLY = { zhCN: '路灯已经修好了。', enUS: 'The street light has been repaired.' };

const visited = (more: Partial<HotlineView> = {}): HotlineView =>
  hotlineView({
    status: 'followUpVisit',
    statusMessage: 'hotline-status-follow-up-visit',
    nextStepMessage: 'hotline-next-rate',
    events: [
      event(1, 'accepted', 'accepted'),
      event(2, 'dispatched', 'dispatched'),
      event(3, 'handled', 'handled'),
      event(4, 'replied', 'replied', { note: REPLY }),
      event(5, 'closed', 'closed'),
      event(6, 'followUpVisit', 'follow-up-visit', { isNew: true }),
    ],
    canRate: true,
    ...more,
  });

const rated = (): HotlineView =>
  visited({
    status: 'rated',
    statusMessage: 'hotline-status-rated',
    nextStepMessage: 'hotline-next-rated',
    canRate: false,
    rating: { level: 4, comment: '修得很快', at: '2026-11-29T10:00:00Z' },
  });

async function renderPage(view: HotlineView | undefined = undefined) {
  render(HotlinePage, { target: mainTarget(), props: { id: ID, initial: view } });
  return screen.findByRole('heading', { level: 1 });
}

describe.each(LANGS)('A 12345 request (%s)', (lang) => {
  const en = lang === 'en-US';

  beforeEach(() => {
    useLang(lang);
    getHotlineRequest.mockReset();
    rateHotlineRequest.mockReset();
    startHotlineRequest.mockReset();
  });

  it('shows a request taken on: its kind as h1, the number, status, what was raised, the timeline', async () => {
    getHotlineRequest.mockResolvedValue(hotlineView());
    const h1 = await renderPage();
    expect(h1.textContent).toBe(t('hotline-page-heading', { kind: t('hotline-type-complaint') }));
    await vi.waitFor(() => expect(document.activeElement).toBe(h1));
    expect(getHotlineRequest).toHaveBeenCalledWith(ID);
    expect(screen.getByText(ID)).toBeTruthy();
    expect(screen.getByText(t('hotline-status-accepted'))).toBeTruthy();
    expect(screen.getByText(t('hotline-next-wait'))).toBeTruthy();
    expect(screen.getByText('阳光小区 3 号门')).toBeTruthy();
    expect(screen.getByText('路灯1.png')).toBeTruthy();
    expect(screen.getByText(t('hotline-anonymous-no', { mobile: '138****0001' }))).toBeTruthy();
    const items = document.querySelectorAll('ol.timeline > li');
    expect(items).toHaveLength(1);
    expect(items[0]?.textContent).toContain(t('hotline-event-accepted'));
    expect(items[0]?.textContent).toContain(en ? 'It will be passed on soon' : '会尽快派给承办单位');
    expect(screen.queryByRole('group', { name: t('hotline-rate-legend') })).toBeNull();
    expect(document.title).toContain(h1.textContent ?? '');
    await expectNoAxeViolations();
  });

  it('after the follow-up visit: the reply in the timeline, then a five-level rating given once', async () => {
    const user = userEvent.setup();
    await renderPage(visited());
    expect(screen.getByText(en ? REPLY.enUS : REPLY.zhCN)).toBeTruthy();
    expect(screen.getByText(t('hotline-event-follow-up-visit'))).toBeTruthy();
    expect(screen.getByText(t('case-new-events', { count: 1 }))).toBeTruthy();
    const group = screen.getByRole('group', { name: t('hotline-rate-legend') });
    expect(within(group).getAllByRole('radio')).toHaveLength(5);
    await expectNoAxeViolations();

    // Nothing chosen: the error summary, linked to the options.
    await user.click(screen.getByRole('button', { name: t('rate-submit') }));
    const summary = await screen.findByRole('region', { name: t('error-summary-title') });
    await vi.waitFor(() => expect(document.activeElement).toBe(summary));
    expect(summary.textContent).toContain(t('error-rating-level'));
    expect(rateHotlineRequest).not.toHaveBeenCalled();
    await expectNoAxeViolations();

    await user.click(screen.getByRole('radio', { name: t('rate-level-4') }));
    await user.type(screen.getByRole('textbox', { name: t('rate-comment-label') }), '修得很快');
    rateHotlineRequest.mockResolvedValue(rated());
    await user.click(screen.getByRole('button', { name: t('rate-submit') }));
    expect(rateHotlineRequest).toHaveBeenCalledWith(ID, 4, '修得很快');
    const thanks = await screen.findByRole('heading', { name: t('rate-thanks-heading') });
    await vi.waitFor(() => expect(document.activeElement).toBe(thanks));
    expect(screen.getByText(t('hotline-status-rated'))).toBeTruthy();
    expect(screen.getByText(t('rate-comment-given', { comment: '修得很快' }))).toBeTruthy();
    expect(screen.queryByRole('radio')).toBeNull();
    await expectNoAxeViolations();
  });

  it('explains a second rating and shows the one that stands', async () => {
    const user = userEvent.setup();
    await renderPage(visited());
    rateHotlineRequest.mockRejectedValue({ kind: 'conflict', message: { id: 'error-already-rated', args: {} }, fields: [] });
    getHotlineRequest.mockResolvedValue(rated());
    await user.click(screen.getByRole('radio', { name: t('rate-level-1') }));
    await user.click(screen.getByRole('button', { name: t('rate-submit') }));
    const summary = await screen.findByRole('region', { name: t('error-summary-title') });
    expect(summary.textContent).toContain(t('error-already-rated'));
    expect(await screen.findByText(t('rate-given', { level: t('rate-level-4') }))).toBeTruthy();
    expect(screen.queryByRole('radio')).toBeNull();
    await expectNoAxeViolations();
  });

  it('an anonymous request says what anonymity means; offline, the timeline is the saved one', async () => {
    await renderPage(hotlineView({ anonymous: true, contactMobile: null, photos: [], fromCache: true }));
    expect(screen.getByText(t('hotline-anonymous-yes'))).toBeTruthy();
    expect(screen.getByText(t('hotline-photos-none'))).toBeTruthy();
    expect(document.querySelector('.notice')?.textContent).toContain(t('case-offline-note', { time: '' }).slice(0, 6));
    await expectNoAxeViolations();
  });

  it('the confirmation speaks of a request number and opens the request', async () => {
    const user = userEvent.setup();
    render(Confirmation, { target: mainTarget(), props: { receipt: { ...receipt, caseNumber: ID, serviceName: SERVICE, hotline: true } } });
    expect(await screen.findByRole('heading', { level: 1, name: t('confirm-heading-hotline') })).toBeTruthy();
    expect(screen.getByText(t('confirm-hotline-number-note'))).toBeTruthy();
    await expectNoAxeViolations();
    await user.click(screen.getByRole('button', { name: t('confirm-hotline-view') }));
    expect(nav.screen).toEqual({ name: 'hotline', id: ID });
  });

  it('while it waits in the outbox, the confirmation says so in request words', async () => {
    render(Confirmation, {
      target: mainTarget(),
      props: { receipt: { ...receipt, caseNumber: null, submittedAt: null, outbox: 'retryLater', nextAttemptAt: '2026-11-29T09:00:00Z', serviceName: SERVICE, hotline: true } },
    });
    expect(await screen.findByRole('heading', { level: 1, name: t('confirm-heading-saved-hotline') })).toBeTruthy();
    expect(screen.getByText(t('confirm-saved-next-hotline'))).toBeTruthy();
    await expectNoAxeViolations();
  });

  it('Home offers the 12345 request and lists one with its status in words', async () => {
    const user = userEvent.setup();
    const mine: ApplicationSummary = {
      ...(applications[1] as ApplicationSummary),
      serviceName: SERVICE,
      caseNumber: ID,
      caseStatusMessage: 'hotline-status-replied',
      unseenEvents: 1,
      hotline: true,
    };
    listServices.mockResolvedValue(services);
    myApplications.mockResolvedValue([mine]);
    render(Home, { target: mainTarget() });
    const item = (await screen.findByText(t('hotline-status-replied'))).closest('li') as HTMLElement;
    expect(item.textContent).toContain(t('applications-hotline-number', { number: ID }));
    await expectNoAxeViolations();
    await user.click(within(item).getByRole('button', { name: t('applications-view', { service: en ? SERVICE.enUS : SERVICE.zhCN }) }));
    expect(nav.screen).toEqual({ name: 'hotline', id: ID });

    const draft = makeDraft();
    startHotlineRequest.mockResolvedValue(draft);
    render(Home, { target: mainTarget() });
    const starts = await screen.findAllByRole('button', { name: t('hotline-start') });
    await user.click(starts[starts.length - 1] as HTMLElement);
    expect(startHotlineRequest).toHaveBeenCalled();
    await vi.waitFor(() => expect(nav.screen.name).toBe('question'));
  });

  it('Help offers the 12345 request too', async () => {
    const user = userEvent.setup();
    startHotlineRequest.mockResolvedValue(makeDraft());
    render(SiteHeader, { target: document.body });
    await user.click(screen.getByRole('button', { name: t('help-button') }));
    const panel = document.getElementById('help-panel') as HTMLElement;
    expect(panel.textContent).toContain(t('help-hotline-request'));
    await user.click(within(panel).getByRole('button', { name: t('hotline-start') }));
    expect(startHotlineRequest).toHaveBeenCalled();
    await vi.waitFor(() => expect(nav.screen.name).toBe('question'));
  });
});

