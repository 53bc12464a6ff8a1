// Search on the home page: results as the resident types, the count shown and announced once the
// typing pauses (not per keystroke, not twice), Enter searching at once, clear, no results, errors.
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
import { searchMemory } from '../lib/search-memory.svelte';
import Home from '../screens/Home.svelte';
import { applications, makeDraft, services } from './fixtures';
import { LANGS, expectNoAxeViolations, mainTarget, useLang } from './helpers';

const listServices = vi.mocked(ipc.listServices);
const searchServices = vi.mocked(ipc.searchServices);
const myApplications = vi.mocked(ipc.myApplications);
const startApplication = vi.mocked(ipc.startApplication);
const announced = vi.mocked(announce);

const allowance = services.services[0]!;

describe.each(LANGS)('Search on the home page (%s)', (lang) => {
  const en = lang === 'en-US';
  const allowanceName = en ? 'Old-age allowance application' : '高龄津贴申请';
  beforeEach(() => {
    useLang(lang);
    listServices.mockReset().mockResolvedValue(services);
    myApplications.mockReset().mockResolvedValue(applications);
    searchServices.mockReset().mockImplementation(async (q) => (q.startsWith('g') || q.startsWith('高') ? [allowance] : []));
    startApplication.mockReset();
    announced.mockClear();
    searchMemory.query = '';
  });

  it('keeps the query when the home screen is re-created (a language switch) and shows its results again', async () => {
    const user = userEvent.setup();
    const first = render(Home, { target: mainTarget() });
    await user.type(await screen.findByRole('searchbox', { name: t('search-label') }), 'gljt{Enter}');
    await screen.findByRole('heading', { name: t('search-count', { count: 1, query: 'gljt' }) });
    first.unmount();
    render(Home, { target: mainTarget() });
    const field = await screen.findByRole('searchbox', { name: t('search-label') });
    expect((field as HTMLInputElement).value).toBe('gljt');
    expect(await screen.findByRole('heading', { name: t('search-count', { count: 1, query: 'gljt' }) })).toBeTruthy();
  });

  it('finds a service by pinyin, shows and announces the count once, and starts it', async () => {
    const user = userEvent.setup();
    render(Home, { target: mainTarget() });
    const field = await screen.findByRole('searchbox', { name: t('search-label') });
    expect(field.getAttribute('aria-describedby')).toBe('service-search-hint');
    expect(screen.getByRole('search')).toBeTruthy();
    await user.type(field, 'gljt');
    const count = t('search-count', { count: 1, query: 'gljt' });
    const heading = await screen.findByRole('heading', { name: count });
    expect(heading).toBeTruthy();
    await vi.waitFor(() => expect(announced).toHaveBeenCalledWith(count), { timeout: 3000 });
    // Typing four letters searched at most once per pause and announced exactly once.
    await new Promise((r) => setTimeout(r, 1200));
    expect(announced.mock.calls.filter(([text]) => text === count)).toHaveLength(1);
    expect(announced).toHaveBeenCalledTimes(1);
    expect(searchServices).toHaveBeenLastCalledWith('gljt');
    // Only the results are listed; the whole catalogue is back after clearing.
    expect(screen.queryByRole('button', { name: '残疾人两项补贴' })).toBeNull();
    await expectNoAxeViolations();
    startApplication.mockResolvedValue(makeDraft());
    await user.click(screen.getByRole('button', { name: allowanceName }));
    expect(startApplication).toHaveBeenCalledWith('elderly-allowance');
    await vi.waitFor(() => expect(nav.screen).toMatchObject({ name: 'question', index: 0 }));
  });

  it('says when nothing is found, with help, and clears back to every service with focus in the field', async () => {
    const user = userEvent.setup();
    render(Home, { target: mainTarget() });
    const field = await screen.findByRole('searchbox', { name: t('search-label') });
    await user.type(field, '护照{Enter}');
    const none = t('search-none', { query: '护照' });
    expect(await screen.findByRole('heading', { name: none })).toBeTruthy();
    expect(screen.getByText(t('search-none-help'))).toBeTruthy();
    await vi.waitFor(() => expect(announced).toHaveBeenCalledWith(none));
    expect(document.activeElement).toBe(field);
    await expectNoAxeViolations();
    await user.click(screen.getByRole('button', { name: t('search-clear') }));
    expect(await screen.findByRole('button', { name: '残疾人两项补贴' })).toBeTruthy();
    expect(screen.queryByRole('heading', { name: none })).toBeNull();
    expect(document.activeElement).toBe(field);
    expect((field as HTMLInputElement).value).toBe('');
  });

  it('shows a search failure in place and keeps what was typed', async () => {
    const user = userEvent.setup();
    searchServices.mockRejectedValue({ kind: 'storage', message: { id: 'error-storage', args: {} }, fields: [] });
    render(Home, { target: mainTarget() });
    const field = await screen.findByRole('searchbox', { name: t('search-label') });
    await user.type(field, '社保{Enter}');
    const section = screen.getByRole('region', { name: t('home-services-heading') });
    expect(await within(section).findByText(t('error-storage'))).toBeTruthy();
    expect((field as HTMLInputElement).value).toBe('社保');
  });
});

describe.each(LANGS)('Browsing by life event and department (%s)', (lang) => {
  const en = lang === 'en-US';
  beforeEach(() => {
    useLang(lang);
    listServices.mockReset().mockResolvedValue(services);
    myApplications.mockReset().mockResolvedValue([]);
    startApplication.mockReset();
    announced.mockClear();
    searchMemory.query = '';
  });

  it('lists life events and departments with counts; choosing one lists its services and Back returns focus', async () => {
    const user = userEvent.setup();
    render(Home, { target: mainTarget() });
    const events = await screen.findByRole('list', { name: t('browse-life-events-heading') });
    expect(screen.getByRole('list', { name: t('browse-departments-heading') })).toBeTruthy();
    const turning80 = within(events).getByRole('button', { name: t('browse-group-button', { group: en ? 'Turning 80' : '年满 80 周岁', count: 1 }) });
    await expectNoAxeViolations();
    await user.click(turning80);
    const heading = await screen.findByRole('heading', { name: t('browse-group-heading', { group: en ? 'Turning 80' : '年满 80 周岁', count: 1 }) });
    await vi.waitFor(() => expect(document.activeElement).toBe(heading));
    expect(screen.getByRole('button', { name: en ? 'Old-age allowance application' : '高龄津贴申请' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: '残疾人两项补贴' })).toBeNull();
    await expectNoAxeViolations();
    await user.click(screen.getByRole('button', { name: t('browse-back') }));
    const again = await screen.findByRole('button', { name: t('browse-group-button', { group: en ? 'Turning 80' : '年满 80 周岁', count: 1 }) });
    await vi.waitFor(() => expect(document.activeElement).toBe(again));
    expect(screen.getByRole('button', { name: '残疾人两项补贴' })).toBeTruthy();
  });
});
