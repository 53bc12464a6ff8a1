import { describe, expect, it, vi, beforeEach } from 'vitest';
import { render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';

vi.mock('../lib/ipc', async () => (await import('./ipc-mock')).ipcMock());

import * as ipc from '../lib/ipc';
import { t } from '../lib/i18n';
import { nav } from '../lib/nav.svelte';
import Home from '../screens/Home.svelte';
import { applications, makeDraft, services } from './fixtures';
import { LANGS, expectNoAxeViolations, mainTarget, useLang } from './helpers';

const listServices = vi.mocked(ipc.listServices);
const myApplications = vi.mocked(ipc.myApplications);
const startApplication = vi.mocked(ipc.startApplication);
const getDraft = vi.mocked(ipc.getDraft);

describe.each(LANGS)('Home (%s)', (lang) => {
  const en = lang === 'en-US';
  beforeEach(() => {
    useLang(lang);
    listServices.mockReset().mockResolvedValue(services);
    myApplications.mockReset().mockResolvedValue(applications);
    startApplication.mockReset();
    getDraft.mockReset();
  });

  it('names each service button exactly by the service name and describes it, without axe violations', async () => {
    render(Home, { target: mainTarget() });
    const h1 = screen.getByRole('heading', { level: 1, name: t('home-heading') });
    await vi.waitFor(() => expect(document.activeElement).toBe(h1));
    expect(document.title).toBe(`${t('home-heading')} – ${t('app-name')}`);
    const name = en ? 'Old-age allowance application' : '高龄津贴申请';
    const button = await screen.findByRole('button', { name });
    expect(button.getAttribute('aria-describedby')).toBeTruthy();
    const description = (button.getAttribute('aria-describedby') ?? '')
      .split(' ')
      .map((id) => document.getElementById(id)?.textContent)
      .join(' ');
    expect(description).toContain(en ? 'Civil Affairs Bureau' : '民政局');
    // Empty enUS falls back to Chinese.
    expect(screen.getByRole('button', { name: '残疾人两项补贴' })).toBeTruthy();
    expect(screen.queryByText(t('home-offline-note'))).toBeNull();
    await expectNoAxeViolations();
  });

  it('lists my applications with status in words, case number and a named continue button', async () => {
    render(Home, { target: mainTarget() });
    await screen.findByRole('heading', { name: t('home-my-applications-heading') });
    const service = en ? 'Old-age allowance application' : '高龄津贴申请';
    const cont = await screen.findByRole('button', { name: t('applications-continue', { service }) });
    expect(screen.getByText(t('status-draft'))).toBeTruthy();
    expect(screen.getByText(t('status-submitted'))).toBeTruthy();
    expect(screen.getByText(t('applications-case-number', { number: 'BM20261128000007' }))).toBeTruthy();
    // Only drafts can be continued.
    expect(screen.getAllByRole('button', { name: new RegExp(t('applications-continue', { service: '' })) })).toHaveLength(1);
    getDraft.mockResolvedValue(makeDraft({ name: ['张三'] }));
    await userEvent.setup().click(cont);
    expect(getDraft).toHaveBeenCalledWith('d1');
    await vi.waitFor(() => expect(nav.screen).toMatchObject({ name: 'question', index: 1 }));
  });

  it('shows the empty state and the offline note', async () => {
    listServices.mockResolvedValue({ ...services, fromCache: true });
    myApplications.mockResolvedValue([]);
    render(Home, { target: mainTarget() });
    expect(await screen.findByText(t('home-offline-note'))).toBeTruthy();
    expect(await screen.findByText(t('applications-empty'))).toBeTruthy();
    await expectNoAxeViolations();
  });

  it('shows a list_services error in place with a retry button', async () => {
    const user = userEvent.setup();
    listServices.mockRejectedValueOnce({ kind: 'network', message: { id: 'error-network', args: { hotline: '12345' } }, fields: [] });
    render(Home, { target: mainTarget() });
    expect(await screen.findByText(t('error-network'))).toBeTruthy();
    await expectNoAxeViolations();
    await user.click(screen.getByRole('button', { name: t('button-retry') }));
    expect(await screen.findByRole('button', { name: en ? 'Old-age allowance application' : '高龄津贴申请' })).toBeTruthy();
    expect(listServices).toHaveBeenCalledTimes(2);
  });

  it('starts an application on the first question', async () => {
    startApplication.mockResolvedValue(makeDraft());
    render(Home, { target: mainTarget() });
    const button = await screen.findByRole('button', { name: en ? 'Old-age allowance application' : '高龄津贴申请' });
    await userEvent.setup().click(button);
    expect(startApplication).toHaveBeenCalledWith('elderly-allowance');
    await vi.waitFor(() => expect(nav.screen).toMatchObject({ name: 'question', index: 0 }));
  });

  it('shows a failure to start in a focused error summary', async () => {
    startApplication.mockRejectedValue({ kind: 'storage', message: { id: 'error-storage', args: {} }, fields: [] });
    render(Home, { target: mainTarget() });
    const button = await screen.findByRole('button', { name: en ? 'Old-age allowance application' : '高龄津贴申请' });
    await userEvent.setup().click(button);
    const summary = await screen.findByRole('region', { name: t('error-summary-title') });
    await vi.waitFor(() => expect(document.activeElement).toBe(summary));
    expect(summary.textContent).toContain(t('error-storage'));
    expect(document.title.startsWith(t('error-title-prefix'))).toBe(true);
  });
});
