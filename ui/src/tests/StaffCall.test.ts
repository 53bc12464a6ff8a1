// A kiosk calling a member of staff from the help panel: the call, focus moving to what the call
// now is, "on the way" announced when the backend says so (polled), cancelling, and a call that
// did not go through said with what to do instead. The real call over HTTP is tested in
// crates/core/tests/staff_call.rs and in the real app in tests/e2e/kiosk.test.mjs.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';

vi.mock('../lib/ipc', async () => (await import('./ipc-mock')).ipcMock());

import * as ipc from '../lib/ipc';
import { t } from '../lib/i18n';
import { account } from '../lib/account.svelte';
import { go } from '../lib/nav.svelte';
import { info } from '../lib/app-info.svelte';
import { liveRegion } from '../lib/announce.svelte';
import { POLL_MS, resetStaffCall } from '../lib/staff-call.svelte';
import App from '../App.svelte';
import { applications, services } from './fixtures';
import { LANGS, expectNoAxeViolations, useLang } from './helpers';
import type { StaffCallView } from '../bindings/StaffCallView';
import type { UiError } from '../bindings/UiError';

const m = vi.mocked(ipc);

const WAITING: StaffCallView = { id: 'S1', state: 'waiting', note: null };
const COMING: StaffCallView = { id: 'S1', state: 'coming', note: { zhCN: '王老师马上到。', enUS: 'Ms Wang is coming.' } };

function setup(kiosk: boolean): void {
  account.current = null;
  account.notice = null;
  info.kiosk = false;
  resetStaffCall();
  go({ name: 'home' });
  m.appInfo.mockReset().mockResolvedValue({ practiceMode: true, backendUrl: 'http://127.0.0.1:8787', version: '0.1.0', hotline: '12345', kiosk, kioskIdleSecs: kiosk ? 180 : 0 });
  m.listServices.mockReset().mockResolvedValue(services);
  m.myApplications.mockReset().mockResolvedValue(applications);
  m.signedIn.mockReset().mockResolvedValue({ account: null, ended: null });
  m.callStaff.mockReset().mockResolvedValue(WAITING);
  m.staffCall.mockReset().mockResolvedValue(WAITING);
  m.cancelStaffCall.mockReset().mockResolvedValue({ ...WAITING, state: 'cancelled' });
}

async function openHelp(user: ReturnType<typeof userEvent.setup>): Promise<HTMLElement> {
  render(App);
  await screen.findByRole('heading', { level: 1, name: t('home-heading') });
  await user.click(screen.getByRole('button', { name: t('help-button') }));
  return screen.getByRole('region', { name: t('staff-call-heading') });
}

describe.each(LANGS)('Calling a member of staff at a kiosk (%s)', (lang) => {
  beforeEach(() => useLang(lang));
  afterEach(() => vi.useRealTimers());

  it('is not offered outside a kiosk', async () => {
    setup(false);
    const user = userEvent.setup();
    render(App);
    await screen.findByRole('heading', { level: 1, name: t('home-heading') });
    await vi.waitFor(() => expect(m.appInfo).toHaveBeenCalled());
    await user.click(screen.getByRole('button', { name: t('help-button') }));
    expect(screen.queryByRole('button', { name: t('staff-call-button') })).toBeNull();
    expect(screen.getByText(t('help-hotline', { number: '12345' }))).toBeTruthy();
  });

  it('calls, moves focus to Cancel described by the waiting message, announces who is coming, then cancels', async () => {
    setup(true);
    const user = userEvent.setup();
    const region = await openHelp(user);
    expect(within(region).getByText(t('staff-call-explained'))).toBeTruthy();
    await user.click(within(region).getByRole('button', { name: t('staff-call-button') }));
    expect(m.callStaff).toHaveBeenCalledTimes(1);
    await within(region).findByText(t('staff-call-waiting'));
    // Focus on "Cancel the call", described by the message to wait here.
    const cancel = within(region).getByRole('button', { name: t('staff-call-cancel'), description: t('staff-call-waiting') });
    await vi.waitFor(() => expect(document.activeElement).toBe(cancel));
    expect(within(region).queryByRole('button', { name: t('staff-call-button') })).toBeNull();
    await expectNoAxeViolations(document);

    // The backend says someone took it: said politely, and shown.
    m.staffCall.mockResolvedValue(COMING);
    const note = lang === 'en-US' ? 'Ms Wang is coming.' : '王老师马上到。';
    await vi.waitFor(() => expect(liveRegion.text).toBe(t('staff-call-coming-with-note', { note })), { timeout: POLL_MS + 2000 });
    expect(within(region).getByRole('button', { name: t('staff-call-cancel'), description: t('staff-call-coming-with-note', { note }) })).toBeTruthy();
    expect(m.staffCall).toHaveBeenCalledWith('S1');

    await user.click(within(region).getByRole('button', { name: t('staff-call-cancel') }));
    expect(m.cancelStaffCall).toHaveBeenCalledWith('S1');
    const again = await within(region).findByRole('button', { name: t('staff-call-button') });
    await vi.waitFor(() => expect(document.activeElement).toBe(again));
    await vi.waitFor(() => expect(liveRegion.text).toBe(t('staff-call-cancelled')));
  }, POLL_MS + 10_000);

  it('says what to do when the call does not go through, and calls on the next press', async () => {
    setup(true);
    const network: UiError = { kind: 'network', message: { id: 'error-network', args: {} }, fields: [] };
    m.callStaff.mockRejectedValueOnce(network);
    const user = userEvent.setup();
    const region = await openHelp(user);
    await user.click(within(region).getByRole('button', { name: t('staff-call-button') }));
    const alert = await within(region).findByRole('alert');
    expect(alert.textContent).toBe(t('error-staff-call-failed', { hotline: '12345' }));
    await expectNoAxeViolations(document);
    await user.click(within(region).getByRole('button', { name: t('staff-call-button') }));
    await within(region).findByText(t('staff-call-waiting'));
    expect(within(region).queryByRole('alert')).toBeNull();
    expect(m.callStaff).toHaveBeenCalledTimes(2);
  });
});
