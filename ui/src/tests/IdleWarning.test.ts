// A kiosk visit left without use (lib/idle.svelte.ts, IdleWarning.svelte): nothing happens on a
// kiosk nobody touched; after the idle time "Do you need more time?" takes focus over an inert
// page, one action gives more time and focus returns; unanswered for 60 s, the visit is finished
// exactly as "Finish" does. The real window is driven in tests/e2e/kiosk.test.mjs.
import { describe, expect, it, vi, beforeEach, afterEach } from 'vitest';
import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';

vi.mock('../lib/ipc', async () => (await import('./ipc-mock')).ipcMock());

import * as ipc from '../lib/ipc';
import { t } from '../lib/i18n';
import { account } from '../lib/account.svelte';
import { go } from '../lib/nav.svelte';
import { info } from '../lib/app-info.svelte';
import { idle, watchIdle, WARNING_SECS } from '../lib/idle.svelte';
import App from '../App.svelte';
import IdleWarning from '../components/IdleWarning.svelte';
import { applications, services } from './fixtures';
import { LANGS, expectNoAxeViolations, useLang } from './helpers';

const m = vi.mocked(ipc);
const IDLE_SECS = 180;

/** Inside an inert subtree (Svelte sets the property; jsdom keeps it as an expando). */
function inert(el: Element): boolean {
  for (let e: Element | null = el; e; e = e.parentElement) {
    if ((e as HTMLElement & { inert?: boolean }).inert === true || e.hasAttribute('inert')) return true;
  }
  return false;
}

function setup(idleSecs = IDLE_SECS): void {
  account.current = null;
  account.notice = null;
  info.kiosk = false;
  go({ name: 'home' });
  m.appInfo.mockReset().mockResolvedValue({ practiceMode: true, backendUrl: '', version: '0.1.0', hotline: '12345', kiosk: true, kioskIdleSecs: idleSecs });
  m.listServices.mockReset().mockResolvedValue(services);
  m.myApplications.mockReset().mockResolvedValue(applications);
  m.signedIn.mockReset().mockResolvedValue({ account: null, ended: null });
  m.finishVisit.mockReset().mockResolvedValue({ removed: 1, stillSending: 0, discarded: 0 });
}

describe.each(LANGS)('A kiosk visit without use (%s)', (lang) => {
  beforeEach(() => {
    useLang(lang);
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('waits for a first touch, warns after the idle time over an inert page, and gives more time by one action', async () => {
    setup();
    const user = userEvent.setup({ advanceTimers: vi.advanceTimersByTime });
    render(App);
    await screen.findByRole('heading', { level: 1, name: t('home-heading') });
    await vi.waitFor(() => expect(info.kioskIdleSecs).toBe(IDLE_SECS));
    // Nobody has touched the kiosk: it stays as it is.
    await vi.advanceTimersByTimeAsync(10 * 60 * 1000);
    expect(screen.queryByRole('alertdialog')).toBeNull();

    const search = screen.getByRole('searchbox', { name: t('search-label') });
    await user.clear(search);
    await user.type(search, 'ab');
    await vi.advanceTimersByTimeAsync((IDLE_SECS - 1) * 1000);
    expect(screen.queryByRole('alertdialog')).toBeNull();
    await vi.advanceTimersByTimeAsync(1000);
    const dialog = await screen.findByRole('alertdialog', { name: t('idle-warning-heading') });
    const more = within(dialog).getByRole('button', { name: t('idle-more-time') });
    await vi.waitFor(() => expect(document.activeElement).toBe(more));
    expect(within(dialog).getByText(t('idle-seconds-left', { seconds: WARNING_SECS }))).toBeTruthy();
    expect(within(dialog).getByRole('button', { name: t('finish-visit-confirm') })).toBeTruthy();
    // The page under it cannot be reached.
    expect(inert(screen.getByRole('banner', { hidden: true }))).toBe(true);
    expect(inert(search)).toBe(true);
    expect(inert(dialog)).toBe(false);

    await vi.advanceTimersByTimeAsync(20_000);
    expect(within(dialog).getByText(t('idle-seconds-left', { seconds: WARNING_SECS - 20 }))).toBeTruthy();
    await user.click(more);
    await vi.waitFor(() => expect(screen.queryByRole('alertdialog')).toBeNull());
    await vi.waitFor(() => expect(document.activeElement).toBe(search));
    expect((search as HTMLInputElement).value).toBe('ab');
    expect(inert(search)).toBe(false);
    expect(m.finishVisit).not.toHaveBeenCalled();
    // The clock starts again: a full idle time before the next warning.
    await vi.advanceTimersByTimeAsync((IDLE_SECS - 1) * 1000);
    expect(screen.queryByRole('alertdialog')).toBeNull();
    await vi.advanceTimersByTimeAsync(1000);
    await screen.findByRole('alertdialog');
    await user.keyboard('{Escape}');
    await vi.waitFor(() => expect(screen.queryByRole('alertdialog')).toBeNull());
    expect(m.finishVisit).not.toHaveBeenCalled();
  });

  it('the warning over the page has no axe violations (real timers: axe waits on them)', async () => {
    vi.useRealTimers();
    setup(1);
    const user = userEvent.setup();
    render(App);
    await screen.findByRole('heading', { level: 1, name: t('home-heading') });
    await vi.waitFor(() => expect(info.kioskIdleSecs).toBe(1));
    await user.click(screen.getByRole('searchbox', { name: t('search-label') }));
    const dialog = await screen.findByRole('alertdialog', {}, { timeout: 5000 });
    expect(dialog.getAttribute('aria-modal')).toBe('true');
    expect(dialog.getAttribute('aria-describedby')).toBeTruthy();
    await expectNoAxeViolations(document);
    await user.click(within(dialog).getByRole('button', { name: t('idle-more-time') }));
    await vi.waitFor(() => expect(screen.queryByRole('alertdialog')).toBeNull());
  });

  it('unanswered for 60 s, finishes the visit as Finish does', async () => {
    const stop = watchIdle(5);
    try {
      m.finishVisit.mockReset().mockResolvedValue({ removed: 1, stillSending: 0, discarded: 0 });
      sessionStorage.setItem('planted', '王秀英');
      globalThis.dispatchEvent(new KeyboardEvent('keydown', { key: 'a' }));
      await vi.advanceTimersByTimeAsync(5000);
      expect(idle.warning).toBe(true);
      const reload = vi.fn();
      render(IdleWarning, { props: { reload } });
      await vi.advanceTimersByTimeAsync((WARNING_SECS - 1) * 1000);
      expect(m.finishVisit).not.toHaveBeenCalled();
      await vi.advanceTimersByTimeAsync(1000);
      await vi.waitFor(() => expect(reload).toHaveBeenCalledTimes(1));
      expect(m.finishVisit).toHaveBeenCalledTimes(1);
      expect(sessionStorage.getItem('planted')).toBeNull();
    } finally {
      stop();
    }
  });
});
