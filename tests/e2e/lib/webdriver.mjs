// A tiny W3C WebDriver client on top of fetch, for tauri-driver (which forwards to WebKitWebDriver).
// Only what the end-to-end tests need: sessions, elements, script, screenshots, and finding controls
// the way assistive technology does (computed role and accessible name).

import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';

const ELEMENT_KEY = 'element-6066-11e4-a52e-4f735466cecf';

export class WebDriverError extends Error {
  constructor(method, path, status, value) {
    const v = value && typeof value === 'object' ? value : {};
    super(`${method} ${path} -> HTTP ${status} ${v.error ?? ''}: ${v.message ?? JSON.stringify(value)}`);
    this.status = status;
    this.error = v.error;
  }
}

/** Normalizes an accessible name for comparison: collapses white space, drops bidi isolation marks. */
export function normalizeName(s) {
  return String(s ?? '')
    .replace(/[\u2068\u2069\u200e\u200f\u00ad]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

function nameMatches(actual, expected) {
  const a = normalizeName(actual);
  if (expected instanceof RegExp) return expected.test(a);
  if (typeof expected === 'function') return Boolean(expected(a));
  return a === normalizeName(expected);
}

/**
 * In-page accessible-name and role computation, used only when the driver does not implement
 * GET /computedrole or /computedlabel. A reduced version of accname 1.2 / html-aam: enough for
 * buttons, links, form fields, headings and explicit roles.
 */
const IN_PAGE_ACCESSIBILITY = String.raw`
const el = arguments[0];
function implicitRole(e) {
  const t = e.localName;
  const r = e.getAttribute('role');
  if (r) return r.trim().split(/\s+/)[0];
  if (t === 'button') return 'button';
  if (t === 'a') return e.hasAttribute('href') ? 'link' : 'generic';
  if (/^h[1-6]$/.test(t)) return 'heading';
  if (t === 'select') return (e.multiple || e.size > 1) ? 'listbox' : 'combobox';
  if (t === 'textarea') return 'textbox';
  if (t === 'input') {
    const ty = (e.getAttribute('type') || 'text').toLowerCase();
    if (['button', 'submit', 'reset', 'image'].includes(ty)) return 'button';
    if (ty === 'checkbox') return 'checkbox';
    if (ty === 'radio') return 'radio';
    if (ty === 'search') return e.hasAttribute('list') ? 'combobox' : 'searchbox';
    if (['text', 'tel', 'email', 'url', ''].includes(ty)) return e.hasAttribute('list') ? 'combobox' : 'textbox';
    if (ty === 'number') return 'spinbutton';
    return 'textbox';
  }
  return '';
}
function hidden(e) {
  if (e.hidden || e.getAttribute('aria-hidden') === 'true') return true;
  const cs = getComputedStyle(e);
  return cs.display === 'none' || cs.visibility === 'hidden';
}
function textOf(node, seen) {
  if (node.nodeType === Node.TEXT_NODE) return node.textContent;
  if (node.nodeType !== Node.ELEMENT_NODE || hidden(node)) return '';
  return nameOf(node, seen, true);
}
function nameOf(e, seen, recursing) {
  if (seen.has(e)) return '';
  seen.add(e);
  const lb = e.getAttribute('aria-labelledby');
  if (lb && !recursing) {
    return lb.split(/\s+/).map(id => document.getElementById(id)).filter(Boolean)
      .map(x => textOf(x, seen)).join(' ');
  }
  const al = e.getAttribute('aria-label');
  if (al && al.trim()) return al;
  if (['input', 'select', 'textarea'].includes(e.localName)) {
    if (e.labels && e.labels.length) return Array.from(e.labels).map(l => textOf(l, seen)).join(' ');
    if (e.getAttribute('title')) return e.getAttribute('title');
    if (e.getAttribute('placeholder')) return e.getAttribute('placeholder');
    if (['submit', 'button', 'reset'].includes(e.type)) return e.value;
    return '';
  }
  let s = '';
  for (const c of e.childNodes) s += textOf(c, seen);
  if (!s.trim() && e.getAttribute('title')) s = e.getAttribute('title');
  return s;
}
return { role: implicitRole(el), name: nameOf(el, new Set(), false).replace(/\s+/g, ' ').trim() };
`;

export class Session {
  constructor(driver, id, capabilities) {
    this.driver = driver;
    this.id = id;
    this.capabilities = capabilities;
    /** null = unknown yet; true/false once probed */
    this.nativeAccessibility = null;
  }

  cmd(method, path, body) {
    return this.driver.request(method, `/session/${this.id}${path}`, body);
  }

  // --- navigation and documents
  title() { return this.cmd('GET', '/title'); }
  url() { return this.cmd('GET', '/url'); }
  navigate(url) { return this.cmd('POST', '/url', { url }); }
  source() { return this.cmd('GET', '/source'); }

  // --- elements
  async find(css, from) {
    const v = await this.cmd('POST', from ? `/element/${from}/element` : '/element', { using: 'css selector', value: css });
    return v[ELEMENT_KEY];
  }
  async findAll(css, from) {
    const v = await this.cmd('POST', from ? `/element/${from}/elements` : '/elements', { using: 'css selector', value: css });
    return v.map(e => e[ELEMENT_KEY]);
  }
  async tryFind(css, from) {
    const all = await this.findAll(css, from);
    return all[0] ?? null;
  }
  async activeElement() {
    try {
      const v = await this.cmd('GET', '/element/active');
      return v?.[ELEMENT_KEY] ?? null;
    } catch (e) {
      if (e.error === 'no such element') return null;
      throw e;
    }
  }
  click(el) { return this.cmd('POST', `/element/${el}/click`, {}); }
  clear(el) { return this.cmd('POST', `/element/${el}/clear`, {}); }
  sendKeys(el, text) { return this.cmd('POST', `/element/${el}/value`, { text }); }
  text(el) { return this.cmd('GET', `/element/${el}/text`); }
  attribute(el, name) { return this.cmd('GET', `/element/${el}/attribute/${encodeURIComponent(name)}`); }
  property(el, name) { return this.cmd('GET', `/element/${el}/property/${encodeURIComponent(name)}`); }
  tagName(el) { return this.cmd('GET', `/element/${el}/name`); }
  displayed(el) { return this.cmd('GET', `/element/${el}/displayed`); }
  /** The value of a form field as the page holds it. */
  value(el) { return this.property(el, 'value'); }
  /** Replaces the content of a field with text, as typed. */
  async type(el, text) {
    await this.clear(el);
    await this.sendKeys(el, text);
  }

  // --- the keyboard: W3C Actions with one key input source, released after every sequence
  /**
   * Presses keys as a person does, in order. Each argument is a key name of KEYS ("Tab", "Enter",
   * "ArrowDown"...), an array of key names pressed together (["Shift", "Tab"]: held down in
   * order, released in reverse), or { text } typed one character (code point) at a time.
   */
  async keys(...steps) {
    const actions = [];
    const down = k => actions.push({ type: 'keyDown', value: keyValue(k) });
    const up = k => actions.push({ type: 'keyUp', value: keyValue(k) });
    for (const step of steps) {
      if (step && typeof step === 'object' && !Array.isArray(step)) {
        for (const ch of Array.from(String(step.text))) {
          actions.push({ type: 'keyDown', value: ch }, { type: 'keyUp', value: ch });
        }
      } else {
        const chord = Array.isArray(step) ? step : [step];
        chord.forEach(down);
        [...chord].reverse().forEach(up);
      }
    }
    if (!actions.length) return;
    try {
      await this.cmd('POST', '/actions', { actions: [{ type: 'key', id: 'keyboard', actions }] });
    } finally {
      await this.cmd('DELETE', '/actions').catch(() => {});
    }
  }
  /** One key or chord, `times` times: press('Tab'), press(['Shift', 'Tab']), press('ArrowDown', 2). */
  press(key, times = 1) {
    return this.keys(...Array.from({ length: times }, () => key));
  }
  /** Types text into whatever has the focus. */
  typeKeys(text) {
    return this.keys({ text });
  }

  // --- accessibility as assistive technology sees it
  async computedRole(el) {
    if (this.nativeAccessibility !== false) {
      try {
        const r = await this.cmd('GET', `/element/${el}/computedrole`);
        this.nativeAccessibility = true;
        return r;
      } catch (e) {
        if (!isUnsupported(e)) throw e;
        this.nativeAccessibility = false;
      }
    }
    return (await this.execute(IN_PAGE_ACCESSIBILITY, [elementRef(el)])).role;
  }
  async computedLabel(el) {
    if (this.nativeAccessibility !== false) {
      try {
        const r = await this.cmd('GET', `/element/${el}/computedlabel`);
        this.nativeAccessibility = true;
        return r;
      } catch (e) {
        if (!isUnsupported(e)) throw e;
        this.nativeAccessibility = false;
      }
    }
    return (await this.execute(IN_PAGE_ACCESSIBILITY, [elementRef(el)])).name;
  }
  /** Role and name of an element in one go. */
  async accessible(el) {
    return { role: normalizeRole(await this.computedRole(el)), name: normalizeName(await this.computedLabel(el)) };
  }

  /**
   * Every candidate control or heading with its computed role and accessible name.
   * `selector` narrows the candidates (default: the elements AT users operate or navigate by).
   */
  async accessibleElements(selector = 'button, a, input, select, textarea, h1, h2, [role]') {
    const els = await this.findAll(selector);
    const out = [];
    for (const el of els) {
      try {
        out.push({ el, ...(await this.accessible(el)) });
      } catch (e) {
        if (e.error === 'stale element reference') continue;
        throw e;
      }
    }
    return out;
  }

  /**
   * The element whose computed role is `role` (a string or an array of acceptable roles) and whose
   * accessible name matches `name` (exact string after normalizing white space, a RegExp, or a predicate).
   * Waits up to `timeout` ms for it to appear. Throws, listing what was there, when none matches.
   */
  async findByRole(role, name, { timeout = 5000, selector } = {}) {
    const roles = Array.isArray(role) ? role : [role];
    const deadline = Date.now() + timeout;
    let seen = [];
    for (;;) {
      seen = await this.accessibleElements(selector);
      const hits = seen.filter(c => roles.includes(c.role) && (name === undefined || nameMatches(c.name, name)));
      // Assistive technology does not see hidden elements (WebKit still computes their role and name).
      for (const hit of hits) {
        if (await this.displayed(hit.el).catch(() => false)) return hit.el;
      }
      if (hits.length) seen = seen.map(c => (hits.includes(c) ? { ...c, name: `${c.name}" (hidden)"` } : c));
      if (Date.now() > deadline) break;
      await sleep(200);
    }
    const listing = seen.map(c => `  ${c.role || '(no role)'} "${c.name}"`).join('\n');
    const wanted = typeof name === 'function' ? (name.description ?? 'matching a predicate') : JSON.stringify(String(name));
    throw new Error(`no element with role ${roles.join('|')} named ${wanted}; the page has:\n${listing}`);
  }
  async queryByRole(role, name, opts = {}) {
    try {
      return await this.findByRole(role, name, { timeout: 0, ...opts });
    } catch (e) {
      if (/^no element with role/.test(e.message)) return null;
      throw e;
    }
  }

  // --- script
  async execute(script, args = []) {
    try {
      return await this.cmd('POST', '/execute/sync', { script, args });
    } catch (e) {
      // WebKitWebDriver at times fails to read a script's result back while the page re-renders
      // under load ("Could not parse script result"); the scripts here only read the page or set
      // a value, so asking once more is safe.
      if (!String(e?.message).includes('Could not parse script result')) throw e;
      await new Promise(r => setTimeout(r, 250));
      return this.cmd('POST', '/execute/sync', { script, args });
    }
  }
  async executeAsync(script, args = []) {
    return this.cmd('POST', '/execute/async', { script, args });
  }

  /** Polls `fn` (an async predicate returning a truthy value) until it returns truthy. */
  async waitFor(fn, { timeout = 10000, interval = 150, message = 'condition' } = {}) {
    const deadline = Date.now() + timeout;
    let last;
    for (;;) {
      try {
        const v = await fn();
        if (v) return v;
      } catch (e) {
        last = e;
      }
      if (Date.now() > deadline) {
        throw new Error(`timed out after ${timeout} ms waiting for ${message}${last ? `: ${last.message}` : ''}`);
      }
      await sleep(interval);
    }
  }

  // --- screenshots and teardown
  async screenshot(path) {
    // WebKitGTK returns the last painted frame, which under Xvfb can lag the DOM by seconds after
    // the app starts: wait for two rendering updates so the picture shows what the test just checked.
    await this.execute(
      'return new Promise(r => { requestAnimationFrame(() => requestAnimationFrame(() => r(true))); setTimeout(() => r(false), 3000); })',
    ).catch(() => {});
    const b64 = await this.cmd('GET', '/screenshot');
    await writeFile(path, Buffer.from(b64, 'base64'));
    return path;
  }
  async delete() {
    try {
      await this.cmd('DELETE', '');
    } catch (e) {
      if (e.error !== 'invalid session id') throw e;
    }
  }
}

/** WebDriver's code points for the keys the tests press (W3C WebDriver, "Keyboard actions"). */
export const KEYS = {
  Backspace: '\uE003', Tab: '\uE004', Enter: '\uE007', Shift: '\uE008', Control: '\uE009', Alt: '\uE00A',
  Escape: '\uE00C', Space: '\uE00D', End: '\uE010', Home: '\uE011', ArrowLeft: '\uE012', ArrowUp: '\uE013',
  ArrowRight: '\uE014', ArrowDown: '\uE015', Delete: '\uE017',
};

function keyValue(name) {
  if (name in KEYS) return KEYS[name];
  if (Array.from(String(name)).length === 1) return name; // a character key: "a"
  throw new Error(`unknown key "${name}"`);
}

export function elementRef(id) {
  return { [ELEMENT_KEY]: id };
}

function isUnsupported(e) {
  return e instanceof WebDriverError &&
    (e.error === 'unknown command' || e.error === 'unsupported operation' || e.status === 404 || e.status === 405);
}

/** WebKit reports some ARIA roles by other names; map them to the ARIA role the tests ask for. */
export function normalizeRole(r) {
  const role = String(r ?? '').trim().toLowerCase();
  const aliases = { popupbutton: 'combobox', textfield: 'textbox', webarea: 'document' };
  return aliases[role] ?? role;
}

export class Driver {
  constructor(baseUrl) {
    this.baseUrl = baseUrl.replace(/\/$/, '');
  }

  async request(method, path, body) {
    const res = await fetch(this.baseUrl + path, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json; charset=utf-8' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    let json;
    try {
      json = text ? JSON.parse(text) : {};
    } catch {
      throw new WebDriverError(method, path, res.status, text);
    }
    if (!res.ok || (json.value && typeof json.value === 'object' && json.value.error)) {
      throw new WebDriverError(method, path, res.status, json.value ?? json);
    }
    return json.value;
  }

  async status() {
    return this.request('GET', '/status');
  }

  async waitReady(timeout = 20000) {
    const deadline = Date.now() + timeout;
    let last;
    while (Date.now() < deadline) {
      try {
        const s = await this.status();
        if (s?.ready !== false) return s;
      } catch (e) {
        last = e;
      }
      await sleep(200);
    }
    throw new Error(`WebDriver at ${this.baseUrl} not ready after ${timeout} ms: ${last?.message ?? 'not ready'}`);
  }

  async newSession(capabilities) {
    const v = await this.request('POST', '/session', { capabilities: { alwaysMatch: capabilities } });
    return new Session(this, v.sessionId, v.capabilities);
  }

  /** A session of the Tauri app at `application` (absolute path) through tauri-driver. */
  async newTauriSession(application, args = []) {
    return this.newSession({ 'tauri:options': { application, args } });
  }
}

/**
 * Starts `tauri-driver --port PORT --native-port NATIVE` (WebKitWebDriver must be on PATH),
 * logs to `logPath`, and waits for /status. Returns { driver, stop }.
 */
export async function startTauriDriver({ port = 4444, nativePort = 4445, logPath, bin = 'tauri-driver', env = process.env } = {}) {
  // Output goes straight to a file descriptor, not through pipes held by this process: the app
  // inherits tauri-driver's stdio, and an app that outlived its session kept this process (and
  // the test runner) waiting on the pipe.
  const out = openSync(logPath ?? '/dev/null', 'a');
  const child = spawn(bin, ['--port', String(port), '--native-port', String(nativePort)], {
    env,
    stdio: ['ignore', out, out],
  });
  closeSync(out);
  let exited = null;
  const spawnError = new Promise((_, reject) => child.on('error', reject));
  child.on('exit', (code, signal) => { exited = { code, signal }; });
  const driver = new Driver(`http://127.0.0.1:${port}`);
  let settled = false;
  try {
    await Promise.race([
      driver.waitReady(),
      spawnError,
      (async () => {
        while (!exited && !settled) await sleep(100);
        if (exited) throw new Error(`tauri-driver exited early (${JSON.stringify(exited)}); see ${logPath}`);
      })(),
    ]);
  } catch (e) {
    child.kill('SIGTERM');
    throw e;
  } finally {
    settled = true;
  }
  const stop = async () => {
    if (exited) return;
    child.kill('SIGTERM');
    for (let i = 0; i < 30 && !exited; i++) await sleep(100);
    if (!exited) child.kill('SIGKILL');
  };
  return { driver, stop, child };
}
