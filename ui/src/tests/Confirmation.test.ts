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

  it('shows the case number as one piece of text, next steps and help, without axe violations', async () => {
    render(Confirmation, { target: mainTarget(), props: { receipt } });
    const h1 = screen.getByRole('heading', { level: 1, name: t('confirm-heading') });
    await vi.waitFor(() => expect(document.activeElement).toBe(h1));
    expect(document.title).toBe(`${t('confirm-heading')} – ${t('app-name')}`);
    expect(screen.getByText(t('confirm-case-number-label'))).toBeTruthy();
    const number = document.querySelector('.case-number');
    expect(number?.textContent).toBe('BM20261129000001');
    expect(number?.getAttribute('aria-label')).toBeNull();
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
