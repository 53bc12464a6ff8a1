// Home as issue 6 orders it: reminders first (未诉先办), then My applications, then the services
// by life event and department; each reminder a card with its words, its due date in words, one
// large "Start: <service>" button and a "Dismiss" named by the reminder. Signed out: a line and
// a way to sign in. New reminders from the watcher are said once. axe-core in every state.
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
import { account } from '../lib/account.svelte';
import Home from '../screens/Home.svelte';
import { applications, makeDraft, services } from './fixtures';
import { LANGS, expectNoAxeViolations, mainTarget, useLang } from './helpers';
import type { ReminderView } from '../bindings/ReminderView';

const m = vi.mocked(ipc);

const turning80: ReminderView = {
  id: '7',
  title: { zhCN: '您可以申领高龄津贴了', enUS: 'You can claim the old-age allowance' },
  body: {
    zhCN: '您即将年满 80 周岁（2026-12-31 前），可以申请高龄津贴，每月发放。',
    enUS: 'You are turning 80 by 2026-12-31 and can claim the old-age allowance, paid every month.',
  },
  dueDate: '2026-12-31',
  serviceCode: 'elderly-allowance',
  serviceName: { zhCN: '高龄津贴申请', enUS: 'Old-age allowance application' },
  at: '2026-11-29T10:00:00Z',
};

const idCard: ReminderView = {
  id: '9',
  title: { zhCN: '您的身份证快到期了', enUS: 'Your ID card expires soon' },
  body: { zhCN: '您的居民身份证即将到期，请及时换领新证。', enUS: 'Your resident ID card expires soon. Please renew it in time.' },
  dueDate: '2026-03-01',
  serviceCode: 'id-card-renewal',
  serviceName: null,
  at: '2026-11-29T11:00:00Z',
};

describe.each(LANGS)('Home reminders (%s)', (lang) => {
  const en = lang === 'en-US';
  const words = (x: { zhCN: string; enUS: string }) => (en ? x.enUS : x.zhCN);

  beforeEach(() => {
    useLang(lang);
    account.current = { name: '王秀英', expiresAt: '2099-01-01T00:00:00Z' };
    m.listServices.mockReset().mockResolvedValue(services);
    m.myApplications.mockReset().mockResolvedValue(applications);
    m.reminders.mockReset().mockResolvedValue([turning80, idCard]);
    m.startReminder.mockReset();
    m.dismissReminder.mockReset();
    m.onReminderNews.mockReset().mockResolvedValue(() => {});
    vi.mocked(announce).mockClear();
  });

  it('puts reminders first, then My applications, then the 12345 request, then the services, each section an h2', async () => {
    render(Home, { target: mainTarget() });
    await screen.findByRole('heading', { level: 3, name: words(turning80.title) });
    const h2s = screen.getAllByRole('heading', { level: 2 }).map((h) => h.textContent);
    expect(h2s).toEqual([t('home-reminders-heading'), t('home-my-applications-heading'), t('hotline-home-heading'), t('home-services-heading')]);
    // Life events and departments stay inside the services section, after the applications.
    const lifeEvents = await screen.findByRole('heading', { level: 3, name: t('browse-life-events-heading') });
    const applicationsHeading = screen.getByRole('heading', { level: 2, name: t('home-my-applications-heading') });
    expect(applicationsHeading.compareDocumentPosition(lifeEvents) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    await expectNoAxeViolations();
  });

  it('shows each reminder as a card: its words, the due date in words, Start and a named Dismiss', async () => {
    render(Home, { target: mainTarget() });
    const title = await screen.findByRole('heading', { level: 3, name: words(turning80.title) });
    const card = title.closest('li') as HTMLElement;
    expect(card.textContent).toContain(words(turning80.body));
    const due = en ? '31 December 2026' : '2026年12月31日';
    expect(within(card).getByText(t('reminder-due', { date: due }))).toBeTruthy();
    const start = within(card).getByRole('button', { name: t('reminder-start', { service: words(turning80.serviceName!) }) });
    expect(start.classList.contains('button-large')).toBe(true);
    within(card).getByRole('button', { name: t('reminder-dismiss', { title: words(turning80.title) }) });
    // A service not in the catalogue: the button says the reminder's own title.
    const other = screen.getByRole('heading', { level: 3, name: words(idCard.title) }).closest('li') as HTMLElement;
    within(other).getByRole('button', { name: t('reminder-start', { service: words(idCard.title) }) });
    await expectNoAxeViolations();
  });

  it('starts the reminder\'s service through the start flow, on its first question', async () => {
    m.startReminder.mockResolvedValue(makeDraft());
    render(Home, { target: mainTarget() });
    const start = await screen.findByRole('button', { name: t('reminder-start', { service: words(turning80.serviceName!) }) });
    await userEvent.setup().click(start);
    expect(m.startReminder).toHaveBeenCalledWith('7');
    expect(m.startApplication).not.toHaveBeenCalled();
    await vi.waitFor(() => expect(nav.screen).toMatchObject({ name: 'question', index: 0 }));
  });

  it('a failure to start shows in the focused error summary', async () => {
    m.startReminder.mockRejectedValue({ kind: 'notFound', message: { id: 'error-not-found', args: {} }, fields: [] });
    render(Home, { target: mainTarget() });
    const start = await screen.findByRole('button', { name: t('reminder-start', { service: words(idCard.title) }) });
    await userEvent.setup().click(start);
    const summary = await screen.findByRole('region', { name: t('error-summary-title') });
    await vi.waitFor(() => expect(document.activeElement).toBe(summary));
  });

  it('dismisses a reminder: gone, said once, the focus on the section heading', async () => {
    m.dismissReminder.mockResolvedValue([idCard]);
    render(Home, { target: mainTarget() });
    const dismiss = await screen.findByRole('button', { name: t('reminder-dismiss', { title: words(turning80.title) }) });
    await userEvent.setup().click(dismiss);
    expect(m.dismissReminder).toHaveBeenCalledWith('7');
    await vi.waitFor(() => expect(screen.queryByRole('heading', { level: 3, name: words(turning80.title) })).toBeNull());
    const heading = screen.getByRole('heading', { level: 2, name: t('home-reminders-heading') });
    await vi.waitFor(() => expect(document.activeElement).toBe(heading));
    expect(announce).toHaveBeenCalledWith(t('reminder-dismissed', { title: words(turning80.title) }));
    await expectNoAxeViolations();
  });

  it('says when nothing is due', async () => {
    m.reminders.mockResolvedValue([]);
    render(Home, { target: mainTarget() });
    expect(await screen.findByText(t('reminders-none'))).toBeTruthy();
  });

  it('signed out: a short line and the way to sign in, no reminders asked for', async () => {
    account.current = null;
    render(Home, { target: mainTarget() });
    expect(screen.getByText(t('reminders-signed-out'))).toBeTruthy();
    await userEvent.setup().click(screen.getByRole('button', { name: t('reminders-sign-in') }));
    expect(nav.screen).toMatchObject({ name: 'signInMobile', back: { name: 'home' } });
    expect(m.reminders).not.toHaveBeenCalled();
  });

  it('announces new reminders from the watcher once, and shows them in place', async () => {
    let push: ((found: ReminderView[]) => void) | null = null;
    m.onReminderNews.mockImplementation(async (handler) => {
      push = handler;
      return () => {};
    });
    m.reminders.mockResolvedValueOnce([]).mockResolvedValue([turning80]);
    render(Home, { target: mainTarget() });
    await screen.findByText(t('reminders-none'));
    await vi.waitFor(() => expect(push).not.toBeNull());
    push!([turning80]);
    await screen.findByRole('heading', { level: 3, name: words(turning80.title) });
    await vi.waitFor(() => expect(announce).toHaveBeenCalledWith(t('reminders-new', { titles: words(turning80.title) })));
    expect(vi.mocked(announce).mock.calls.filter(([text]) => text.includes(words(turning80.title)))).toHaveLength(1);
  });
});
