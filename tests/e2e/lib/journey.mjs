// The shared harness of the end-to-end tests: one Journey per language run, with its own data
// directories, tauri-driver, app session, screenshots and axe-core findings.

import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';

import { startTauriDriver, normalizeName, elementRef } from './webdriver.mjs';
import { loadLocale } from './ftl.mjs';

const here = dirname(fileURLToPath(import.meta.url));
export const root = resolve(here, '../../..');
const targetDir = process.env.CARGO_TARGET_DIR ? resolve(root, process.env.CARGO_TARGET_DIR) : join(root, 'target');
const APP = resolve(process.env.BIANMIN_APP ?? join(targetDir, 'debug', 'bianmin'));
export const LOG_DIR = resolve(process.env.E2E_LOG_DIR ?? join(targetDir, 'test-logs', 'e2e'));
const LOCALES = join(root, 'locales');
const AXE_SOURCE = readFileSync(join(here, '..', 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
const PORT = Number(process.env.E2E_DRIVER_PORT ?? 4444);
// Languages to run, in order; zh-CN is the default language of the app.
export const LANGS = (process.env.E2E_LANGS ?? 'zh-CN,en-US').split(',').map(s => s.trim()).filter(Boolean);

mkdirSync(LOG_DIR, { recursive: true });

/** Everything one journey needs: its own data directories, driver, session and findings. */
export class Journey {
  constructor(lang) {
    this.lang = lang;
    this.t = loadLocale(LOCALES, lang);
    this.tDefault = loadLocale(LOCALES, 'zh-CN');
    this.violations = [];
    this.shots = [];
    this.step = 0;
  }

  log(msg) {
    console.log(`[e2e ${this.lang}] ${msg}`);
  }

  /** Fresh XDG data/config/cache directories for this journey (kept across its app restarts). */
  environment() {
    const base = mkdtempSync(join(process.env.E2E_TMP ?? tmpdir(), `bianmin-e2e-${this.lang}-`));
    const env = { ...process.env };
    for (const [k, d] of [['XDG_DATA_HOME', 'data'], ['XDG_CONFIG_HOME', 'config'], ['XDG_CACHE_HOME', 'cache']]) {
      env[k] = join(base, d);
      mkdirSync(env[k], { recursive: true });
    }
    if (!env.XDG_RUNTIME_DIR) {
      env.XDG_RUNTIME_DIR = join(base, 'runtime');
      mkdirSync(env.XDG_RUNTIME_DIR, { recursive: true, mode: 0o700 });
    }
    this.log(`data in ${base}`);
    return env;
  }

  async start() {
    this.env = this.environment();
    const { driver, stop } = await startTauriDriver({
      port: PORT,
      nativePort: PORT + 1,
      logPath: join(LOG_DIR, `tauri-driver-${this.lang}.log`),
      env: this.env,
    });
    this.driver = driver;
    this.stopDriver = stop;
  }

  async openApp() {
    this.s = await this.driver.newTauriSession(APP);
    // Only for checking this harness against a stand-in (a browser and a page with mocked IPC).
    if (process.env.E2E_START_URL) await this.s.navigate(process.env.E2E_START_URL);
    this.log(`session ${this.s.id} (${this.s.capabilities?.browserName ?? '?'} ${this.s.capabilities?.browserVersion ?? ''})`);
    return this.s;
  }

  async closeApp() {
    if (this.s) {
      const s = this.s;
      this.s = null;
      await s.delete();
    }
  }

  async stop() {
    try {
      await this.closeApp();
    } finally {
      await this.stopDriver?.();
      // An app that outlived its WebDriver session would hold the next journey's display and
      // D-Bus names: journeys run one at a time, so every instance of the binary is ended here.
      try {
        execFileSync('pkill', ['-f', `^${APP.replace(/[.+]/g, '\\$&')}( |$)`]);
        this.log('ended an app that outlived its session');
      } catch {
        // pkill exits 1 when nothing matched: the usual case.
      }
    }
  }

  /**
   * Screenshot and axe audit of the current page, then the 400 % reflow and AT-SPI checks.
   * `{ quick: true }` is the axe audit alone, without the screenshot and those two checks (the
   * AT-SPI check takes seconds on a loaded machine), for tests that audit hundreds of pages and
   * error states and do the full checkpoint only on some of them (every-form.test.mjs).
   */
  async checkpoint(name, { quick = false } = {}) {
    this.step += 1;
    if (!quick) {
      const file = join(LOG_DIR, `${this.lang}-${String(this.step).padStart(2, '0')}-${name}.png`);
      await this.s.screenshot(file);
      this.shots.push(file);
    }
    const found = await this.axe();
    // A2 / WCAG 1.4.10: at 400 % zoom of the 1280 px window nothing scrolls sideways.
    const overflow = process.env.E2E_NO_ZOOM || quick ? null : await this.overflowAtZoom(4);
    // Let WebKit paint the page back at 100 % before the test goes on. (A click made BEFORE the
    // check and another after it on the same page still loses the second one in WebKitWebDriver:
    // audit a page before choosing on it, see forms.test.mjs.)
    if (!quick) await this.s.executeAsync('const done = arguments[arguments.length - 1]; requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(done, 100)));');
    if (overflow) {
      found.push({ id: 'reflow-400', impact: 'serious', help: `at 400 % zoom the page is ${overflow.scroll}px wide in a ${overflow.client}px viewport`,
        nodes: overflow.widest.map(t => ({ target: t, summary: 'wider than the viewport' })) });
    }
    // A6: every focusable control in the real accessibility tree (AT-SPI) has a role and a name.
    const tree = process.env.E2E_NO_ATSPI || quick ? { focusable: -1 } : this.atspi();
    if (tree.problem) {
      found.push({ id: 'atspi', impact: 'serious', help: tree.problem, nodes: tree.unnamed.map(u => ({ target: `${u.role} "${u.name}"`, summary: u.description })) });
    } else if (tree.focusable >= 0) {
      this.log(`AT-SPI: ${tree.focusable} focusable objects, all named`);
    }
    if (found.length) {
      this.violations.push({ step: name, violations: found });
      this.log(`axe: ${found.length} violation(s) at ${name}:\n${formatViolations(found)}`);
    } else {
      this.log(`axe: no violations at ${name}`);
    }
  }

  /** The AT-SPI check (tests/e2e/atspi_check.py) of the app's accessibility tree right now. */
  atspi() {
    let out;
    // WebKit rebuilds the page's accessible objects after a navigation; for a moment on a busy
    // machine the tree has none. Ask again (up to three times, a second apart) before calling the
    // page unexposed; a page that stays empty still fails.
    for (let tries = 1; ; tries += 1) {
      try {
        out = JSON.parse(execFileSync('/usr/bin/python3', [join(here, '..', 'atspi_check.py'), 'bianmin'], { timeout: 30000, encoding: 'utf8' }));
      } catch (e) {
        return { problem: `the AT-SPI check could not run: ${e.message}`, unnamed: [] };
      }
      if (out.error || out.focusable !== 0 || tries === 3) break;
      this.log(`AT-SPI: no focusable object yet (try ${tries} of 3), asking again in 1 s`);
      execFileSync('sleep', ['1']);
    }
    if (out.error) return { problem: out.error, unnamed: [] };
    if (out.focusable === 0) return { problem: 'AT-SPI shows no focusable object: the page is not exposed', unnamed: [] };
    if (out.unnamed.length) return { problem: `${out.unnamed.length} focusable object(s) without a role or name`, unnamed: out.unnamed };
    return { focusable: out.focusable };
  }

  /** Zooms the page (CSS zoom, as the browser's zoom does in WebKit) and reports horizontal overflow. */
  async overflowAtZoom(factor) {
    return this.s.execute(`
      const root = document.documentElement;
      const before = root.style.zoom, x = window.scrollX, y = window.scrollY;
      root.style.zoom = String(arguments[0]);
      const client = root.clientWidth, scroll = root.scrollWidth;
      let widest = [];
      if (scroll > client + 1) {
        widest = Array.from(document.querySelectorAll('body *'))
          .filter(e => e.getBoundingClientRect().right > client + 1)
          .slice(0, 5)
          .map(e => e.localName + (e.id ? '#' + e.id : '') + (e.className && typeof e.className === 'string' ? '.' + e.className.split(' ').join('.') : ''));
      }
      root.style.zoom = before;
      void root.offsetHeight; // lay the page out again at 100 % before anything else happens
      window.scrollTo(x, y);
      return scroll > client + 1 ? { scroll, client, widest } : null;`, [factor]);
  }

  async axe() {
    // One request when axe-core is there already (the app is one page: it stays loaded).
    const result = await this.s.execute(`
      if (typeof window.axe !== 'object') return null;
      return window.axe.run(document, { resultTypes: ['violations'], rules: { 'color-contrast-enhanced': { enabled: true } } }).then(function (r) {
        return r.violations.map(function (v) {
          return { id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.map(function (n) { return { target: n.target.join(' '), summary: n.failureSummary }; }) };
        });
      });`);
    if (result !== null) return result;
    await this.s.execute(`${AXE_SOURCE}\n;return true;`);
    return this.axe();
  }

  // --- page helpers -------------------------------------------------------------------------

  async isActive(el) {
    return this.s.execute('return document.activeElement === arguments[0]', [elementRef(el)]);
  }

  async activeDescription() {
    return this.s.execute(`
      const a = document.activeElement;
      if (!a || a === document.body) return 'body';
      return a.localName + (a.id ? '#' + a.id : '') + ' "' + (a.textContent || '').trim().slice(0, 40) + '"';`);
  }

  /** Waits until the page's h1 has the given accessible name; returns the element. */
  async heading(name, timeout = 15000) {
    return this.s.findByRole('heading', name, { selector: 'h1', timeout });
  }

  async h1Text() {
    const h = await this.s.findAll('h1');
    assert.equal(h.length, 1, 'each page has exactly one h1');
    return normalizeName(await this.s.computedLabel(h[0]));
  }

  /** Waits until document.activeElement is inside the page (not body, not null). */
  async assertFocusInPage(what) {
    await this.s.waitFor(
      () => this.s.execute('const a = document.activeElement; return !!a && a !== document.body && a !== document.documentElement'),
      { timeout: 5000, message: `focus inside the page on ${what}` },
    );
  }

  async mainText() {
    return this.s.execute('const m = document.querySelector("main") || document.body; return m.textContent');
  }

  /** The single text field of a question page; its accessible name must be the question (the h1). */
  async questionField() {
    const question = await this.s.waitFor(async () => {
      const q = await this.h1Text();
      return q && q !== normalizeName(this.t('home-heading')) ? q : null;
    }, { message: 'a question page' });
    const field = await this.s.findByRole('textbox', question, { selector: 'input, textarea, [role=textbox]' });
    return { question, field };
  }

  async continue() {
    await this.s.click(await this.s.findByRole('button', this.t('button-continue')));
  }

  /** Answers the current question page and continues; returns the question text. */
  async answer(value, { expectQuestion } = {}) {
    const { question, field } = await this.questionField();
    if (expectQuestion) assert.equal(question, normalizeName(expectQuestion));
    await this.s.type(field, value);
    await this.continue();
    return question;
  }

  /** Waits until the h1 differs from `previous` (the next page rendered). */
  async nextPage(previous) {
    return this.s.waitFor(async () => {
      const h = await this.h1Text().catch(() => '');
      return h && h !== previous ? h : null;
    }, { message: `a new page after "${previous}"` });
  }

  async switchLanguage(to) {
    const from = this.tDefault;
    const select = await this.s.findByRole(['combobox', 'button', 'listbox'], from('language-label'), { selector: 'select, [role=combobox], [role=listbox]' });
    const option = await this.s.tryFind(`option[value="${to}"]`, select);
    assert.ok(option, `the language select has an option for ${to}`);
    await this.s.click(option);
    await this.s.waitFor(() => this.s.execute('return document.documentElement.lang'), { message: 'lang attribute' });
    await this.heading(this.t('home-heading'), 5000).catch(async () => {
      // Clicking an <option> did not fire "change" in this WebKitWebDriver: select it by script.
      this.log('option click did not switch the language; selecting it by script');
      await this.s.execute('const s = arguments[0]; s.value = arguments[1]; s.dispatchEvent(new Event("change", { bubbles: true }));', [elementRef(select), to]);
      await this.heading(this.t('home-heading'));
    });
  }
}

export function formatViolations(list) {
  return list.map(v => `  - ${v.id} (${v.impact}): ${v.help}\n${v.nodes.map(n => `      ${n.target}\n        ${String(n.summary ?? '').replace(/\n/g, '\n        ')}`).join('\n')}`).join('\n');
}

export function preflight() {
  assert.ok(existsSync(APP), `the app binary ${APP} does not exist: build it first (./dev e2e builds it)`);
  assert.ok(process.env.DISPLAY, 'no $DISPLAY: run under xvfb-run (./dev e2e does)');
  if (!process.env.DBUS_SESSION_BUS_ADDRESS) {
    console.warn('[e2e] warning: no DBUS_SESSION_BUS_ADDRESS; run under dbus-run-session with an unlocked gnome-keyring (./dev e2e does)');
  }
}

