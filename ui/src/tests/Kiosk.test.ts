// A kiosk's visits: "Finish" on every screen, the confirmation page, and what finishing does in
// the page (storage cleared, the reload, the notice after it). What it does in Rust and in the
// real webview's storage is tested in src-tauri/tests/commands.rs and tests/e2e/kiosk.test.mjs.
import { describe, expect, it, vi, beforeEach } from 'vitest';
import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';

vi.mock('../lib/ipc', async () => (await import('./ipc-mock')).ipcMock());

import * as ipc from '../lib/ipc';
import { t } from '../lib/i18n';
import { account } from '../lib/account.svelte';
import { go } from '../lib/nav.svelte';
import { info } from '../lib/app-info.svelte';
import { FINISHED_MARK } from '../lib/visit';
import App from '../App.svelte';
import FinishVisit from '../screens/FinishVisit.svelte';
import { applications, services } from './fixtures';
import { LANGS, expectNoAxeViolations, mainTarget, useLang } from './helpers';
import type { UiError } from '../bindings/UiError';

const m = vi.mocked(ipc);

function setup(kiosk: boolean): void {
  account.current = null;
  account.notice = null;
  info.kiosk = false;
  go({ name: 'home' });
  m.appInfo.mockReset().mockResolvedValue({ practiceMode: true, backendUrl: 'http://127.0.0.1:8787', version: '0.1.0', hotline: '12345', kiosk, kioskIdleSecs: kiosk ? 180 : 0 });
  m.listServices.mockReset().mockResolvedValue(services);
  m.myApplications.mockReset().mockResolvedValue(applications);
  m.signedIn.mockReset().mockResolvedValue({ account: null, ended: null });
  m.visitPending.mockReset().mockResolvedValue({ removed: 2, stillSending: 1, discarded: 1 });
  m.finishVisit.mockReset().mockResolvedValue({ removed: 2, stillSending: 1, discarded: 1 });
}

function header(): HTMLElement {
  return screen.getByRole('banner');
}

describe.each(LANGS)('Kiosk visits (%s)', (lang) => {
  beforeEach(() => {
    useLang(lang);
  });

  it('has no Finish button when the app is not a kiosk', async () => {
    setup(false);
    render(App);
    await screen.findByRole('heading', { level: 1, name: t('home-heading') });
    await vi.waitFor(() => expect(m.appInfo).toHaveBeenCalled());
    expect(within(header()).queryByRole('button', { name: t('finish-visit-button') })).toBeNull();
  });

  it('offers Finish in the header; the confirmation says what goes and what is still sent, and going on changes nothing', async () => {
    setup(true);
    const user = userEvent.setup();
    render(App);
    await screen.findByRole('heading', { level: 1, name: t('home-heading') });
    const finish = await within(header()).findByRole('button', { name: t('finish-visit-button') });
    await user.click(finish);
    const heading = await screen.findByRole('heading', { level: 1, name: t('finish-visit-heading') });
    await vi.waitFor(() => expect(document.activeElement).toBe(heading));
    expect(document.title).toBe(`${t('finish-visit-heading')} – ${t('app-name')}`);
    expect(screen.getByText(t('finish-visit-drafts', { count: 2 }))).toBeTruthy();
    expect(screen.getByText(t('finish-visit-still-sending', { count: 1 }))).toBeTruthy();
    expect(screen.getByText(t('finish-visit-discarded', { count: 1 }))).toBeTruthy();
    // Finish is not offered again on its own page.
    expect(within(header()).queryByRole('button', { name: t('finish-visit-button') })).toBeNull();
    await expectNoAxeViolations(document);
    await user.click(screen.getByRole('link', { name: t('finish-visit-cancel') }));
    await screen.findByRole('heading', { level: 1, name: t('home-heading') });
    expect(m.finishVisit).not.toHaveBeenCalled();
  });

  it('finishing clears the page storage and reloads; a failure is said in the error summary', async () => {
    setup(true);
    const user = userEvent.setup();
    localStorage.setItem('bianmin.textSize', '200');
    sessionStorage.setItem('planted', '王秀英');
    const reload = vi.fn();
    render(FinishVisit, { target: mainTarget(), props: { back: { name: 'home' }, pending: { removed: 0, stillSending: 0, discarded: 0 }, reload } });
    // Nothing to count: only what always goes is listed, and no warning.
    expect(screen.queryByText(t('finish-visit-discarded', { count: 0 }))).toBeNull();
    expect(screen.getByText(t('finish-visit-settings'))).toBeTruthy();

    const notCleared: UiError = { kind: 'storage', message: { id: 'error-visit-not-cleared', args: {} }, fields: [] };
    m.finishVisit.mockRejectedValueOnce(notCleared);
    await user.click(screen.getByRole('button', { name: t('finish-visit-confirm') }));
    const summary = await screen.findByRole('region', { name: t('error-summary-title') });
    await vi.waitFor(() => expect(document.activeElement).toBe(summary));
    expect(within(summary).getByText(t('error-visit-not-cleared'))).toBeTruthy();
    expect(document.title.startsWith(t('error-title-prefix'))).toBe(true);
    expect(reload).not.toHaveBeenCalled();
    expect(localStorage.getItem('bianmin.textSize')).toBe('200');
    await expectNoAxeViolations(document);

    await user.click(screen.getByRole('button', { name: t('finish-visit-confirm') }));
    await vi.waitFor(() => expect(reload).toHaveBeenCalledTimes(1));
    expect(m.finishVisit).toHaveBeenCalledTimes(2);
    expect(localStorage.getItem('bianmin.textSize')).toBeNull();
    expect(sessionStorage.getItem('planted')).toBeNull();
    expect(location.hash).toBe(FINISHED_MARK);
  });

  it('after the reload, the next person is told the machine is clear, once', async () => {
    setup(true);
    location.hash = FINISHED_MARK;
    render(App);
    await screen.findByRole('heading', { level: 1, name: t('home-heading') });
    expect(await screen.findByText(t('visit-finished-notice'))).toBeTruthy();
    expect(location.hash).toBe('');
  });
});
