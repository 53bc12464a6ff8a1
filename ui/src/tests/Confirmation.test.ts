import { describe, expect, it, vi, beforeEach } from 'vitest';
import { render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';

vi.mock('../lib/ipc', async () => (await import('./ipc-mock')).ipcMock());

import { t } from '../lib/i18n';
import { nav } from '../lib/nav.svelte';
import { liveRegion } from '../lib/announce.svelte';
import Confirmation from '../screens/Confirmation.svelte';
import { receipt } from './fixtures';
import { LANGS, expectNoAxeViolations, mainTarget, useLang } from './helpers';

describe.each(LANGS)('Confirmation (%s)', (lang) => {
  beforeEach(() => {
    useLang(lang);
  });

  it('focuses the panel that names the case number to write down, next steps and help, without axe violations', async () => {
    render(Confirmation, { target: mainTarget(), props: { receipt } });
    expect(screen.getByRole('heading', { level: 1, name: t('confirm-heading') })).toBeTruthy();
    // The panel: a region named by the h1, described by the service and the case number said
    // character by character in the groups shown (Orca 43 reads a focused region, not a heading).
    const spoken = t('confirm-case-number-spoken', {
      characters: ['B M 2 0', '2 6 1 1', '2 9 0 0', '0 0 0 1'].join(t('case-number-group-separator')),
    });
    const panel = screen.getByRole('region', { name: t('confirm-heading') });
    await vi.waitFor(() => expect(document.activeElement).toBe(panel));
    const described = (panel.getAttribute('aria-describedby') ?? '').split(' ').map((id) => document.getElementById(id));
    expect(described[0]?.textContent).toBe(lang === 'zh-CN' ? '高龄津贴申请' : 'Old-age allowance application');
    expect(described[1]?.getAttribute('aria-label')).toBe(spoken);
    expect(document.title).toBe(`${t('confirm-heading')} – ${t('app-name')}`);
    // On screen: one unbroken number in groups of four; for a screen reader: a Tab stop named by it.
    const number = screen.getByRole('img', { name: spoken });
    expect(number.textContent).toBe('BM20261129000001');
    expect([...number.querySelectorAll('.case-number-chunk')].map((c) => c.textContent)).toEqual(['BM20', '2611', '2900', '0001']);
    expect(number.tabIndex).toBe(0);
    expect(screen.getByRole('heading', { name: t('confirm-next-heading') })).toBeTruthy();
    expect(screen.getByText(t('confirm-next-body', { days: 15 }))).toBeTruthy();
    expect(screen.getByText(t('confirm-help-body', { number: '12345' }))).toBeTruthy();
    await vi.waitFor(() => expect(liveRegion.text).toBe(t('status-sent')));
    await expectNoAxeViolations();
  });

  it('prints and goes home', async () => {
    const user = userEvent.setup();
    const print = vi.spyOn(window, 'print').mockImplementation(() => {});
    render(Confirmation, { target: mainTarget(), props: { receipt } });
    await user.click(screen.getByRole('button', { name: t('confirm-print') }));
    expect(print).toHaveBeenCalledOnce();
    await user.click(screen.getByRole('button', { name: t('confirm-home') }));
    expect(nav.screen.name).toBe('home');
    print.mockRestore();
  });
});
