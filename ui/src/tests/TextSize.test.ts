// A2: the text-size setting in the header of every screen, applied as a percentage root font
// size (the OS font scale still applies), kept per device; and the CSS has nothing that stops
// reflow at 200 % / 400 % (no fixed widths in px).
import { describe, expect, it, vi, beforeEach, afterEach } from 'vitest';
import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

vi.mock('../lib/ipc', async () => (await import('./ipc-mock')).ipcMock());

import * as ipc from '../lib/ipc';
import { t } from '../lib/i18n';
import { go } from '../lib/nav.svelte';
import { rootFontSize, setTextSize, textSize } from '../lib/text-size.svelte';
import App from '../App.svelte';
import { applications, makeDraft, receipt, services } from './fixtures';
import { LANGS, expectNoAxeViolations, useLang } from './helpers';

const m = vi.mocked(ipc);

describe.each(LANGS)('Text size (%s)', (lang) => {
  beforeEach(() => {
    useLang(lang);
    m.appInfo.mockReset().mockResolvedValue({ practiceMode: false, backendUrl: '', version: '0.1.0', hotline: '12345', kiosk: false, kioskIdleSecs: 0 });
    m.listServices.mockReset().mockResolvedValue(services);
    m.myApplications.mockReset().mockResolvedValue(applications);
  });
  afterEach(() => {
    setTextSize(100);
    localStorage.removeItem('bianmin.textSize');
  });

  it('is a labelled select with four sizes in the header, sets the root size in % and keeps it', async () => {
    const user = userEvent.setup();
    render(App);
    const banner = screen.getByRole('banner');
    const select = within(banner).getByRole('combobox', { name: t('text-size-label') }) as HTMLSelectElement;
    expect(within(select).getAllByRole('option').map((o) => o.textContent)).toEqual([
      t('text-size-100'),
      t('text-size-125'),
      t('text-size-150'),
      t('text-size-200'),
    ]);
    expect(select.value).toBe('100');
    // By default nothing is set on <html>: app.css's percentage and the OS font scale apply.
    expect(document.documentElement.style.fontSize).toBe('');

    await user.selectOptions(select, '200');
    expect(document.documentElement.style.fontSize).toBe('300%');
    expect(localStorage.getItem('bianmin.textSize')).toBe('200');
    await user.selectOptions(select, '125');
    expect(document.documentElement.style.fontSize).toBe('187.5%');
    await user.selectOptions(select, '150');
    expect(document.documentElement.style.fontSize).toBe('225%');
    expect(document.documentElement.style.fontSize).not.toMatch(/px/);
    await user.selectOptions(select, '100');
    expect(document.documentElement.style.fontSize).toBe('');
    expect(textSize.percent).toBe(100);
    await expectNoAxeViolations(document);
  });

  it('is on every screen', async () => {
    render(App);
    const screens = [
      { name: 'question', draft: makeDraft(), index: 0, fromCheck: false },
      { name: 'check', draft: makeDraft() },
      { name: 'confirm', receipt },
      { name: 'home' },
    ] as const;
    for (const s of screens) {
      go(s);
      await vi.waitFor(() => expect(screen.getByRole('heading', { level: 1 })).toBeTruthy());
      expect(within(screen.getByRole('banner')).getByRole('combobox', { name: t('text-size-label') })).toBeTruthy();
    }
  });
});

describe('Text size values', () => {
  it('scales the app root percentage and never uses px', () => {
    expect(rootFontSize(100)).toBe('');
    expect(rootFontSize(125)).toBe('187.5%');
    expect(rootFontSize(150)).toBe('225%');
    expect(rootFontSize(200)).toBe('300%');
  });

  it('is read back from localStorage when the app starts', async () => {
    localStorage.setItem('bianmin.textSize', '150');
    vi.resetModules();
    const fresh = await import('../lib/text-size.svelte');
    expect(fresh.textSize.percent).toBe(150);
    expect(document.documentElement.style.fontSize).toBe('225%');
    localStorage.setItem('bianmin.textSize', 'huge');
    vi.resetModules();
    expect((await import('../lib/text-size.svelte')).textSize.percent).toBe(100);
    expect(document.documentElement.style.fontSize).toBe('');
    localStorage.removeItem('bianmin.textSize');
  });
});

describe('app.css allows reflow at 200 % and 400 % zoom', () => {
  const css = readFileSync(resolve(process.cwd(), 'src/app.css'), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');

  it('sets the root size as a percentage, not px', () => {
    expect(css).toMatch(/:root\s*{[^}]*font-size:\s*150%/);
    expect(css).not.toMatch(/html\s*{[^}]*font-size:\s*[\d.]+px/);
  });

  it('has no fixed widths in px or wider than a 320 px viewport, and no horizontal overflow', () => {
    const widths = [...css.matchAll(/(?<![-\w])(width|min-width|flex-basis)\s*:\s*([^;]+);/g)].map((m) => `${m[1]}: ${m[2]}`);
    const fixed = widths.filter((w) => /\d+(\.\d+)?px/.test(w) && !/\b[0-5]px\b/.test(w));
    expect(fixed).toEqual([]);
    // rem/em widths above 12 would not fit 320 CSS px at 24 px per rem, unless capped by max-width: 100 %.
    const wide = widths.filter((w) => /^(width|min-width)/.test(w) && [...w.matchAll(/([\d.]+)r?em/g)].some((n) => Number(n[1]) > 12));
    expect(wide).toEqual([]);
    // Only the visually-hidden utility may keep text on one line.
    expect(css.match(/white-space:\s*nowrap[^;]*;/g)).toEqual(['white-space: nowrap !important;']);
    expect(css).not.toMatch(/overflow-x:\s*(scroll|auto)/);
    expect(css).toMatch(/overflow-wrap:\s*anywhere/);
  });
});
