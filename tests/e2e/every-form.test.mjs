// End-to-end: every form of the reference server's demo catalogue, completed by keyboard alone,
// with the wrong answers first (issue 5). One GENERIC walker, not a script per form: for each
// distinct form of crates/server/demo/services.json (services without a form of their own share
// general-application: each form is walked once, through one of its services) it searches for the
// service on the home page, opens it, and answers whatever question page the app shows, deciding
// what to type from the form definition (crates/server/demo/forms/<id>.json: kind, required,
// validator, minValue/maxValue, maxLength, options, repeats, enableWhen). On every page it first
// continues with nothing (when the answer is required), then gives a wrong answer of that kind, and
// checks each error state: the error summary shows and takes focus, the window title starts with
// the error prefix, the summary link says what the inline error says and Enter on it moves focus
// to the field, which is aria-invalid, and what was typed is kept. Then the right answer. On the
// check-answers page every answer given is shown; one is changed through its "Change" link; the
// application is sent and the case number read.
//
// Only the keyboard: Tab, Shift+Tab, Space, Enter, arrow keys and typing, through W3C WebDriver
// Actions (Session.keys / press). The page is read by script; nothing is clicked or focused by it.
// Texts come from locales/ and the form JSON, so the walk holds in both languages.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

import { normalizeName } from './lib/webdriver.mjs';
import { Journey, LANGS, LOG_DIR, formatViolations, preflight, root } from './lib/journey.mjs';
import { validId, wrongCheckId } from './lib/resident-id.mjs';

const DEMO = join(root, 'crates/server/demo');
const FORMS = new Map(
  readdirSync(join(DEMO, 'forms'))
    .filter(f => f.endsWith('.json'))
    .map(f => [f.replace(/\.json$/, ''), JSON.parse(readFileSync(join(DEMO, 'forms', f), 'utf8'))]),
);
// A later version of a form (demo/form-versions/<id>-<version>.json) is the one its services
// name now, so it is the one walked (citizen-request 1.1.0: the 12345 request).
for (const f of readdirSync(join(DEMO, 'form-versions')).filter(f => f.endsWith('.json'))) {
  const later = JSON.parse(readFileSync(join(DEMO, 'form-versions', f), 'utf8'));
  const id = later.url.split('/').pop();
  if (FORMS.has(id)) FORMS.set(id, later);
}
const SERVICES = JSON.parse(readFileSync(join(DEMO, 'services.json'), 'utf8')).items;
// One service per distinct form: the service of the same code when there is one, else the first.
const ONLY = process.env.E2E_FORMS ? process.env.E2E_FORMS.split(',').map(s => s.trim()) : null;
const WALKS = [...new Set(SERVICES.map(s => s.form?.id).filter(Boolean))]
  .filter(id => !ONLY || ONLY.includes(id))
  .map(id => ({
    formId: id,
    form: FORMS.get(id),
    service: SERVICES.find(s => s.code === id && s.form?.id === id) ?? SERVICES.find(s => s.form?.id === id),
  }));

// --- the form definition -----------------------------------------------------------------------

function flatten(items, out = []) {
  for (const i of items ?? []) {
    out.push(i);
    flatten(i.item, out);
  }
  return out;
}
const ext = (item, name) => item.extension?.find(e => e.url.endsWith(`/${name}`));
const bound = (item, name) => {
  const e = ext(item, name);
  return e ? (e.valueInteger ?? e.valueDecimal ?? e.valueDate) : undefined;
};
/** The UI's DOM id fragment of a linkId (ui/src/lib/ids.ts). */
const safeId = linkId => linkId.replace(/[^A-Za-z0-9_-]/g, '_');
const langKey = lang => lang.replace('-', ''); // services.json: { zhCN, enUS }

/** The text in `lang` from the FHIR translation extension, or the Chinese. */
function localized(text, ext_, lang) {
  if (lang === 'zh-CN') return text;
  const tr = ext_?.extension?.find(e => e.extension?.some(p => p.url === 'lang' && p.valueCode === lang));
  return tr?.extension.find(p => p.url === 'content')?.valueString ?? text;
}

/** Whether an enableWhen condition on a question holds when it is answered `code`. */
function conditionHolds(w, code) {
  const want = w.answerCoding?.code ?? (w.answerBoolean !== undefined ? String(w.answerBoolean) : w.answerString);
  if (w.operator === '=') return want === code;
  if (w.operator === '!=') return want !== code;
  if (w.operator === 'exists') return w.answerBoolean !== false;
  return false;
}

/**
 * What to choose on a choice or yes/no page: the answers that open more questions (so the walk
 * sees those pages too), except those that open a required document — the app cannot take a
 * file yet (an attachment page only says where to bring it), so such a branch cannot be finished.
 * Ties: the second option, so the arrow keys are used.
 */
function choose(item, all) {
  const codes = item.type === 'boolean' ? ['true', 'false'] : item.answerOption.map(o => o.valueCoding.code);
  const opened = code => all.filter(i => i.enableWhen?.some(w => w.question === item.linkId && conditionHolds(w, code)))
    .flatMap(i => flatten([i]));
  const blocked = code => opened(code).some(i => i.type === 'attachment' && i.required);
  const score = code => (blocked(code) ? -1 : opened(code).length);
  if (item.repeats) {
    // Checkboxes: every option that opens something, and at least two.
    const chosen = codes.filter(c => score(c) > 0);
    for (const c of codes) if (chosen.length < 2 && !chosen.includes(c) && score(c) >= 0) chosen.push(c);
    return codes.filter(c => chosen.includes(c));
  }
  const best = Math.max(...codes.map(score));
  const candidates = codes.filter(c => score(c) === best);
  return [candidates.includes(codes[1]) ? codes[1] : candidates[0]];
}

const ID_BASES = ['11010519491231002', '31010419560315123', '44030519700101234', '51010719620708345'];
const NAMES = ['张三', '李四', '王小明', '买买提·艾力'];
/** Longest limit (maxLength) typed past on every question that has it; see textPage. */
const LONG = 60;
/**
 * The keys that turn `typed` into `right` as a person corrects a slip: to the end, Backspace over
 * what differs, type the rest (a wrong check digit is one key); all over again when nothing is
 * the same.
 */
function correct(typed, right) {
  let same = 0;
  while (same < typed.length && same < right.length && typed[same] === right[same]) same++;
  if (same === 0) return [...CLEAR, { text: right }];
  const rest = right.slice(same);
  return ['End', ...Array(typed.length - same).fill('Backspace'), ...(rest ? [{ text: rest }] : [])];
}

/** Select all of a field and delete it. */
const CLEAR = [['Control', 'a'], 'Backspace'];
const DAYS_MONTH = (y, m) => new Date(Date.UTC(y, m, 0)).getUTCDate();

/**
 * The wrong answer of an item's kind, with the message id it must bring, or null when nothing
 * typed can be wrong (a free text without a limit). Dates are { year, month, day }.
 */
function wrongAnswer(item, n) {
  const validator = ext(item, 'validator')?.valueCode;
  const min = bound(item, 'minValue');
  const max = bound(item, 'maxValue');
  switch (item.type) {
    case 'string':
    case 'text':
      if (validator === 'resident-id') return { value: wrongCheckId(ID_BASES[n % ID_BASES.length]), error: 'error-id-check-digit' };
      if (validator === 'mobile') return { value: '1380013800', error: 'error-mobile-format' }; // 10 digits
      if (validator === 'postcode') return { value: '1000', error: 'error-postcode-format' };
      if (validator === 'chinese-name') return { value: 'Zhang San', error: 'error-name-characters' };
      if (item.maxLength) return { value: 'x'.repeat(item.maxLength + 1), error: 'error-too-long' };
      return null;
    case 'integer':
      if (max !== undefined) return { value: String(max + 1), error: 'error-number-max' };
      if (min !== undefined) return { value: String(min - 1), error: 'error-number-min' };
      return { value: '3.5', error: 'error-integer-format' };
    case 'decimal':
      if (min !== undefined) return { value: String(min - 1), error: 'error-number-min' };
      return { value: '1.2.3', error: 'error-decimal-format' };
    case 'date': {
      // 31 February: a day that does not exist.
      const year = Number((min ?? '2000').slice(0, 4)) + 21;
      assert.ok(DAYS_MONTH(year, 2) < 31);
      return { value: { year: String(year), month: '2', day: '31' }, error: 'error-date-not-real' };
    }
    default:
      return null;
  }
}

/** The right answer of a text-like or date item. */
function rightAnswer(item, n) {
  const validator = ext(item, 'validator')?.valueCode;
  const min = bound(item, 'minValue');
  const max = bound(item, 'maxValue');
  switch (item.type) {
    case 'string':
      if (validator === 'resident-id') return validId(ID_BASES[n % ID_BASES.length]);
      if (validator === 'mobile') return '13800138000';
      if (validator === 'postcode') return '100010';
      if (validator === 'chinese-name') return NAMES[n % NAMES.length];
      if (/name$/.test(item.linkId)) return NAMES[n % NAMES.length];
      return '北京市东城区'.slice(0, item.maxLength ?? 6);
    case 'text':
      return '北京市东城区和平里 3 号楼 2 单元 301';
    case 'integer':
      return String(Math.min(Math.max(3, min ?? 3), max ?? 3));
    case 'decimal':
      return '1200.5';
    case 'date':
      if (min && min >= '2000') return { year: '2021', month: '3', day: '15' };
      if (min) return { year: '1949', month: '12', day: '31' };
      return { year: '2024', month: '5', day: '20' };
    default:
      return null;
  }
}

/** A regular expression for a localized message whose arguments may be anything. */
function messagePattern(t, id) {
  const pattern = t.messages.get(id);
  assert.ok(pattern !== undefined, `message ${id} exists`);
  const args = {};
  for (const m of pattern.matchAll(/\{\s*\$([A-Za-z][A-Za-z0-9_-]*)\s*\}/g)) args[m[1]] = `\u0000${m[1]}\u0000`;
  const text = normalizeName(t(id, args));
  const escaped = text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\u0000[^\u0000]*\u0000/g, '.+?');
  return new RegExp(`^${escaped}$`);
}

/** A date as the check-answers page shows it (ui/src/lib/answers.ts, formatDate). */
function dateWords({ year, month, day }, lang) {
  const d = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  return new Intl.DateTimeFormat(lang === 'en-US' ? 'en-GB' : lang, { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' }).format(d);
}

// --- reading the page (script reads; only the keyboard acts) -------------------------------------

const ACTIVE = `
  const a = document.activeElement;
  if (!a || a === document.body || a === document.documentElement) return null;
  return { tag: a.localName, id: a.id || '', type: a.type || '', text: (a.textContent || '').replace(/\\s+/g, ' ').trim(),
    value: typeof a.value === 'string' ? a.value : null, checked: a.checked === true, invalid: a.getAttribute('aria-invalid'),
    href: a.getAttribute('href'), inSummary: !!a.closest('.error-summary'), isSummary: a.classList.contains('error-summary'),
    isH1: a.localName === 'h1',
    describedBy: [a.getAttribute('aria-describedby'), a.closest('fieldset') && a.closest('fieldset').getAttribute('aria-describedby')].filter(Boolean).join(' ') };`;

const PAGE = `
  const h = document.querySelectorAll('h1');
  const a = document.activeElement;
  return { count: h.length, h1: h[0] ? h[0].textContent.replace(/\\s+/g, ' ').trim() : '', h1Id: h[0] ? h[0].id : '',
    focusOnH1: !!h[0] && (a === h[0]), title: document.title,
    fileInput: !!document.querySelector('main input[type=file]'), notice: !!document.querySelector('main .notice') };`;


/**
 * How many Tab (or Shift+Tab) presses move the focus to the element matching a selector (and a
 * text), in the page's sequential focus order: focusable, visible, tabIndex >= 0, a radio group one
 * stop (its checked radio, else its first going forward, its last going back). Null when unknown.
 */
const TAB_STOPS = `
  const [selector, text, back] = arguments;
  const norm = s => s.replace(/[\u2068\u2069\u200e\u200f\u00ad]/g, '').replace(/\s+/g, ' ').trim();
  const target = Array.from(document.querySelectorAll(selector)).find(e => text === null || norm(e.textContent) === text);
  if (!target) return null;
  const all = Array.from(document.querySelectorAll('a[href], button, input, select, textarea, [tabindex]'))
    .filter(e => e.tabIndex >= 0 && !e.disabled && e.type !== 'hidden' && e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden');
  const stops = [];
  const groups = new Set();
  for (const e of all) {
    if (e.type === 'radio' && e.name) {
      if (groups.has(e.name)) continue;
      groups.add(e.name);
      const group = all.filter(r => r.type === 'radio' && r.name === e.name);
      stops.push(group.find(r => r.checked) || (back ? group[group.length - 1] : group[0]));
    } else stops.push(e);
  }
  const to = stops.indexOf(target);
  if (to < 0) return null;
  const a = document.activeElement;
  let from = stops.indexOf(a);
  if (from < 0 && a && a.type === 'radio') from = stops.findIndex(s => s.type === 'radio' && s.name === a.name);
  if (from < 0) {
    // The focus is on something that is not a Tab stop (an h1, the error summary): count from it.
    let next = stops.findIndex(s => a && (a.compareDocumentPosition(s) & Node.DOCUMENT_POSITION_FOLLOWING));
    if (next < 0) next = stops.length;
    return back ? next - to : to - next + 1;
  }
  return back ? from - to : to - from;`;

const ERROR_STATE = `
  const box = document.querySelector('.error-summary');
  if (!box) return null;
  const links = Array.from(box.querySelectorAll('a'));
  const inline = document.querySelector('main .error-message');
  let inlineText = null;
  if (inline) { const c = inline.cloneNode(true); c.querySelectorAll('.visually-hidden').forEach(e => e.remove()); inlineText = c.textContent.replace(/\\s+/g, ' ').trim(); }
  return { focused: document.activeElement === box, items: box.querySelectorAll('li').length,
    links: links.map(l => ({ text: l.textContent.replace(/\\s+/g, ' ').trim(), href: l.getAttribute('href') })),
    inline: inlineText, inlinePrefix: inline ? (inline.querySelector('.visually-hidden') || {}).textContent || '' : null,
    title: document.title };`;

// --- the walker ------------------------------------------------------------------------------

class Walker {
  constructor(j) {
    this.j = j;
    this.s = j.s;
    this.t = j.t;
    this.lang = j.lang;
    this.stats = { forms: 0, pages: 0, errors: 0, keys: 0 };
    /** Question kinds whose first page had the 400 % reflow and AT-SPI checks in this language. */
    this.fullyChecked = new Set();
    this.n = 0; // a counter that varies names and ID numbers
    this.findings = [];
    /** Where the time goes, in ms. */
    this.time = { keys: 0, audit: 0, fullAudit: 0 };
  }

  log(m) {
    this.j.log(m);
  }

  async press(key, times = 1) {
    this.stats.keys += times;
    const t0 = Date.now();
    await this.s.press(key, times);
    this.time.keys += Date.now() - t0;
  }

  async type(text) {
    return this.keys({ text });
  }

  /** Several keys and texts in one WebDriver Actions call (see Session.keys). */
  async keys(...steps) {
    this.stats.keys += steps.reduce((n, k) => n + (k && typeof k === 'object' && !Array.isArray(k) ? Array.from(k.text).length : 1), 0);
    const t0 = Date.now();
    await this.s.keys(...steps);
    this.time.keys += Date.now() - t0;
  }

  active() {
    return this.s.execute(ACTIVE);
  }

  page() {
    return this.s.execute(PAGE);
  }

  /**
   * Presses Tab (or Shift+Tab) until the focused element satisfies `want`; throws, listing the
   * stops it went through, when `max` presses do not get there.
   */
  async tabTo(want, what, { back = false, max = 40, before = [], target = null } = {}) {
    const tab = back ? ['Shift', 'Tab'] : 'Tab';
    if (target && before.some(k => k === 'Tab' || (Array.isArray(k) && k.includes('Tab')))) {
      // Keys that move the focus themselves go first: the Tab stops are counted from where they end.
      await this.keys(...before);
      before = [];
    }
    if (target) {
      // Count the Tab stops to the target in the page (script reads), press Tab that many times in
      // one Actions call, then check where the focus is; step on one Tab at a time if it is not there.
      const n = await this.s.execute(TAB_STOPS, [target.selector, target.text ?? null, back]);
      if (n > 0) {
        await this.keys(...before, ...Array(n).fill(tab));
        before = [];
        const a = await this.active();
        if (a && want(a)) return a;
        this.log(`${n} × ${back ? 'Shift+Tab' : 'Tab'} did not reach ${what} (focus on ${a ? `${a.tag}#${a.id}` : 'nothing'}); going on one at a time`);
      }
    }
    const trail = [];
    for (let i = 0; i < max; i++) {
      // `before`: keys pressed first, in the same Actions call as the first Tab.
      await this.keys(...(i === 0 ? before : []), tab);
      const a = await this.active();
      if (a && want(a)) return a;
      trail.push(a ? `${a.tag}#${a.id} "${a.text.slice(0, 30)}"` : '(nothing)');
    }
    throw new Error(`${back ? 'Shift+Tab' : 'Tab'} did not reach ${what} in ${max} presses; it went through:\n  ${trail.join('\n  ')}`);
  }

  /** Waits for a page whose h1 satisfies `want` and has the focus (each page focuses its h1). */
  async arrive(want, what, timeout = 15000) {
    const p = await this.s.waitFor(async () => {
      const p = await this.page();
      return p.count === 1 && want(p) && p.focusOnH1 ? p : null;
    }, { timeout, interval: 50, message: `${what} with the focus on its h1` }).catch(async e => {
      const st = await this.s.execute(ERROR_STATE).catch(() => null);
      throw st ? new Error(`${e.message}; the app shows an error summary: ${JSON.stringify(st)}`) : e;
    });
    this.stats.pages += 1;
    return p;
  }

  /** The audit of a page: axe-core always; the reflow and AT-SPI checks on the first page of a kind. */
  async audit(name, kind) {
    // Those two checks take seconds each on this 2-core machine, and hundreds of pages are walked:
    // they run on the first page of each question kind (and the first error state, check-answers
    // and confirmation page) per language; axe-core runs on every page and every error state.
    const quick = this.fullyChecked.has(kind);
    this.fullyChecked.add(kind);
    const t0 = Date.now();
    await this.j.checkpoint(name, { quick });
    this.time[quick ? 'audit' : 'fullAudit'] += Date.now() - t0;
  }

  async clearField() {
    await this.keys(...CLEAR);
  }

  /** Tab to Continue and press Enter; `before`: keys to press first (typing an answer). */
  async continue(before = []) {
    const label = normalizeName(this.t('button-continue'));
    await this.tabTo(a => a.tag === 'button' && a.type === 'submit' && normalizeName(a.text) === label, `the "${label}" button`,
      { before, target: { selector: 'form.question-form > button[type=submit]' } });
    await this.press('Enter');
  }

  // --- home and service start

  /** The home page; its h1 has the focus, except right after the language changed (on the select). */
  async home() {
    const heading = normalizeName(this.t('home-heading'));
    if (this.onLanguageSelect) {
      this.onLanguageSelect = false;
      return;
    }
    await this.arrive(p => normalizeName(p.h1) === heading, 'the home page', 30000);
  }

  async startService(service, formId) {
    const name = normalizeName(service.name[langKey(this.lang)]);
    // The search field: type the service's pinyin (any language), then Tab to the result.
    await this.tabTo(a => a.tag === 'input' && a.id === 'service-search', 'the search field', { target: { selector: '#service-search' } });
    await this.clearField();
    await this.type(service.pinyin.full);
    await this.press('Enter');
    await this.s.waitFor(() => this.s.execute('const h = document.querySelector(".search-count"); return h ? h.textContent : null')
      .then(x => x && normalizeName(x).includes(service.pinyin.full)), { message: `the search results for ${service.pinyin.full}` });
    await this.tabTo(a => a.tag === 'button' && normalizeName(a.text) === name, `the result "${name}"`, { target: { selector: '.service-list button', text: name } });
    await this.press('Enter');
    this.log(`form ${formId}: started "${name}" (service ${service.code})`);
  }

  // --- error states

  /**
   * After Continue with a wrong or missing answer: the error summary with focus, the title, the
   * link and the inline error, then Enter on the link moves focus to the field. Returns the field.
   */
  async assertError(page, messageId, label) {
    const t = this.t;
    const where = `${page.formId} / ${page.linkId} (${label})`;
    const state = await this.s.waitFor(async () => {
      const st = await this.s.execute(ERROR_STATE);
      return st && st.focused ? st : null;
    }, { timeout: 8000, interval: 50, message: 'focus' }).catch(() => null);
    const st = state ?? await this.s.execute(ERROR_STATE);
    assert.ok(st, `${where}: the error summary is shown`);
    this.expect(state, where, `the error summary takes the focus (focus is on ${JSON.stringify(await this.active())})`);
    this.stats.errors += 1;
    this.expect(normalizeName(st.title).startsWith(normalizeName(t('error-title-prefix'))), where,
      `the title "${st.title}" starts with "${t('error-title-prefix')}"`);
    assert.equal(st.items, 1, `${where}: one problem in the summary`);
    assert.equal(st.links.length, 1, `${where}: the problem in the summary is a link to the field (it is not: ${JSON.stringify(st)})`);
    const link = st.links[0];
    assert.match(normalizeName(link.text), messagePattern(t, messageId), `${where}: the summary says ${messageId}`);
    this.expect(st.inline === link.text, where, `the inline error "${st.inline}" says what the summary link says, "${link.text}"`);
    this.expect(normalizeName(st.inlinePrefix) === normalizeName(t('error-prefix')), where, `the inline error starts with the hidden "${t('error-prefix')}"`);
    // The summary's name is its title (a named region): asked of WebKit once per language.
    if (!this.summaryNameChecked) {
      const box = await this.s.find('.error-summary');
      assert.equal(normalizeName(await this.s.computedLabel(box)), normalizeName(t('error-summary-title')), `${where}: the summary is named`);
      this.summaryNameChecked = true;
    }
    await this.audit(`${page.formId}-${page.linkId}-${label}`, 'error');
    // Tab from the summary reaches its link; Enter follows it to the field.
    await this.tabTo(a => a.inSummary && a.tag === 'a', `${where}: the summary link`, { max: 3 });
    await this.press('Enter');
    const targetId = link.href.replace(/^#/, '');
    assert.ok(targetId === page.inputId || targetId.startsWith(`${page.inputId}-`), `${where}: the link goes to this question's field (#${targetId})`);
    let field = await this.s.waitFor(async () => {
      const a = await this.active();
      return a && a.id === targetId ? a : null;
    }, { timeout: 3000, interval: 50, message: 'focus' }).catch(() => null);
    if (!this.expect(field, where, `Enter on the error link moves the focus to #${targetId}`)) {
      field = await this.tabTo(a => a.id === targetId, `#${targetId}`, { max: 20 });
    }
    // A radio cannot be aria-invalid (ARIA 1.2 does not allow it on role radio): for radios the
    // group's description with the error is what says it, for every other field both.
    if (field.type !== 'radio') this.expect(field.invalid === 'true', where, `the field #${targetId} is aria-invalid (it is ${field.invalid})`);
    this.expect(field.describedBy.split(' ').includes(`${page.inputId}-error`), where,
      `the error (#${page.inputId}-error) is in the description of #${targetId} or its group ("${field.describedBy}")`);
    return field;
  }

  /**
   * An app bug the walk can go on after (an error state not as it should be): recorded, and the
   * test fails at the end with all of them, so one run finds them all. Returns `ok`.
   */
  expect(ok, where, what) {
    if (!ok) {
      const problem = `${where}: ${what}`;
      this.findings.push(problem);
      this.log(`FINDING ${problem}`);
    }
    return !!ok;
  }

  // --- one question page

  async questionPage(walk, items, given) {
    const t = this.t;
    const p = await this.page();
    const idPart = p.h1Id.replace(/^input-/, '').replace(/-heading$/, '');
    const item = items.find(i => safeId(i.linkId) === idPart);
    assert.ok(item, `${walk.formId}: the page "${p.h1}" (#${p.h1Id}) is a question of the form`);
    const question = normalizeName(localized(item.text, item._text, this.lang));
    assert.equal(normalizeName(p.h1), question, `${walk.formId}: the h1 is the question ${item.linkId}`);
    assert.ok(normalizeName(p.title).includes(question), `${walk.formId}: the title names the question`);
    const kind = item.type === 'choice' && item.repeats ? 'checkboxes' : item.type === 'string' && item.repeats ? 'repeat' : item.type;
    const page = { formId: walk.formId, linkId: item.linkId, kind, inputId: `input-${safeId(item.linkId)}` };
    await this.audit(`${walk.formId}-${item.linkId}`, kind);
    const n = this.n++;

    switch (kind) {
      case 'display':
        await this.continue();
        return;
      case 'attachment': {
        if (p.fileInput) {
          this.log(`NOTE ${walk.formId} / ${item.linkId}: a file input is there (the upload field); skipped`);
        } else {
          assert.ok(p.notice, `${walk.formId} / ${item.linkId}: the page says where to bring the document`);
        }
        if (item.required) {
          // Cannot be answered yet: choose() keeps the walk away from these branches.
          throw new Error(`${walk.formId} / ${item.linkId}: a required document cannot be given in the app`);
        }
        await this.continue();
        given.push({ item, question, lines: [] });
        return;
      }
      case 'boolean':
      case 'choice':
        return this.choicePage(page, item, items, question, given);
      case 'checkboxes':
        return this.checkboxPage(page, item, items, question, given);
      case 'date':
        return this.datePage(page, item, question, given, n);
      case 'repeat':
        return this.repeatPage(page, item, question, given, n);
      default:
        return this.textPage(page, item, question, given, n);
    }
  }

  /** The first control of the page, by Tab from the h1. */
  async firstControl(page) {
    return this.tabTo(a => a.id === page.inputId, `the field #${page.inputId}`, { max: 3 });
  }

  async textPage(page, item, question, given, n) {
    await this.firstControl(page);
    // Enter in a one-line field sends the form, as Continue does; a multi-line one takes Enter as
    // a new line, so Tab goes on to Continue.
    const send = async (...keys) => {
      if (item.type === 'text') await this.continue(keys);
      else await this.keys(...keys, 'Enter');
    };
    if (item.required) {
      await send(...CLEAR);
      await this.assertError(page, 'error-required', 'empty');
    }
    let wrong = wrongAnswer(item, n);
    if (wrong?.error === 'error-too-long' && item.maxLength > LONG) {
      // Typing hundreds of characters takes seconds here: a limit over LONG is typed past once per
      // language (the rule is the same for every such question); the others only get the empty error.
      if (this.longTyped) wrong = null;
      this.longTyped = true;
    }
    if (wrong) {
      await send(...CLEAR, { text: wrong.value });
      const kept = await this.assertError(page, wrong.error, 'wrong');
      assert.equal(kept.value, wrong.value, `${page.formId} / ${page.linkId}: the wrong answer typed is kept`);
    }
    // (A free text without a limit cannot be wrong: it is only answered.)
    const right = rightAnswer(item, n);
    await send(...(wrong ? correct(wrong.value, right) : [...CLEAR, { text: right }]));
    given.push({ item, question, lines: [right] });
  }

  async repeatPage(page, item, question, given, n) {
    const t = this.t;
    await this.firstControl(page);
    if (item.required) {
      await this.continue();
      await this.assertError(page, 'error-required', 'empty');
    }
    const wrong = wrongAnswer(item, n);
    if (wrong) {
      await this.continue([...CLEAR, { text: wrong.value }]);
      const kept = await this.assertError(page, wrong.error, 'wrong');
      assert.equal(kept.value, wrong.value, `${page.formId} / ${page.linkId}: the wrong answer typed is kept`);
    }
    // Two entries: the first, "Add another" (focus goes to the new field), the second.
    const values = [NAMES[(n + 1) % NAMES.length], NAMES[(n + 2) % NAMES.length]];
    const add = normalizeName(t('repeat-add'));
    await this.tabTo(a => a.tag === 'button' && normalizeName(a.text) === add, `"${add}"`,
      { before: [...CLEAR, { text: values[0] }], target: { selector: 'button', text: add } });
    await this.press('Enter');
    const second = await this.s.waitFor(async () => {
      const a = await this.active();
      return a && a.id === `${page.inputId}-1` ? a : null;
    }, { timeout: 3000, message: `${page.formId} / ${page.linkId}: focus on the new field after "${add}"` });
    assert.equal(second.value, '', 'the new field is empty');
    await this.type(values[1]);
    const kept = await this.s.execute('return Array.from(document.querySelectorAll(".repeat-list input")).map(i => i.value)');
    assert.deepEqual(kept, values, `${page.formId} / ${page.linkId}: both entries are there`);
    await this.continue();
    given.push({ item, question, lines: values });
  }

  async datePage(page, item, question, given, n) {
    const t = this.t;
    const order = this.lang === 'zh-CN' ? ['year', 'month', 'day'] : ['day', 'month', 'year'];
    const partLabel = { year: t('date-year'), month: t('date-month'), day: t('date-day') };
    // Focus is on the first part: type each part, Tab to the next, then Tab on to Continue.
    const fill = parts => order.flatMap((part, i) => [...(i > 0 ? ['Tab'] : []), ...CLEAR, { text: parts[part] }]);
    const labels = await this.s.execute('return Array.from(document.querySelectorAll(".date-input input")).map(i => i.labels[0].textContent.trim())');
    assert.deepEqual(labels.map(normalizeName), order.map(p => normalizeName(partLabel[p])), `${page.formId} / ${page.linkId}: the parts of the date in the order of ${this.lang}`);
    await this.firstControl(page);
    if (item.required) {
      await this.continue();
      await this.assertError(page, 'error-date-required', 'empty');
    }
    const wrong = wrongAnswer(item, n);
    await this.continue(fill(wrong.value));
    await this.assertError(page, wrong.error, 'wrong');
    const kept = await this.s.execute('return Array.from(document.querySelectorAll(".date-input input")).map(i => i.value)');
    assert.deepEqual(kept, order.map(p => wrong.value[p]), `${page.formId} / ${page.linkId}: the date typed is kept`);
    const right = rightAnswer(item, n);
    await this.continue(fill(right));
    given.push({ item, question, lines: [dateWords(right, this.lang)] });
  }

  async choicePage(page, item, items, question, given) {
    const t = this.t;
    const [code] = choose(item, items);
    const options = item.type === 'boolean'
      ? [{ code: 'true', text: t('boolean-yes') }, { code: 'false', text: t('boolean-no') }]
      : item.answerOption.map(o => ({ code: o.valueCoding.code, text: localized(o.valueCoding.display, o.valueCoding._display, this.lang) }));
    const k = options.findIndex(o => o.code === code);
    // Tab from the question reaches the group (its first radio, none chosen yet).
    const first = await this.firstControl(page);
    assert.equal(first.type, 'radio');
    if (item.required) {
      await this.continue();
      await this.assertError(page, 'error-select-required', 'empty');
    }
    // Space chooses the focused (first) radio; each ArrowDown moves to the next and chooses it.
    await this.keys('Space', ...Array(k).fill('ArrowDown'));
    const a = await this.active();
    assert.ok(a.type === 'radio' && a.checked, `${page.formId} / ${page.linkId}: the focused radio is chosen`);
    const checked = await this.s.execute('return Array.from(document.querySelectorAll("input[type=radio]:checked")).map(i => i.value)');
    assert.deepEqual(checked, [code], `${page.formId} / ${page.linkId}: "${options[k].text}" is chosen`);
    await this.continue();
    given.push({ item, question, lines: [options[k].text] });
  }

  async checkboxPage(page, item, items, question, given) {
    const codes = choose(item, items);
    const options = item.answerOption.map(o => ({ code: o.valueCoding.code, text: localized(o.valueCoding.display, o.valueCoding._display, this.lang) }));
    await this.firstControl(page);
    if (item.required) {
      await this.continue();
      await this.assertError(page, 'error-select-required', 'empty');
    }
    // Each checkbox is a Tab stop: Space ticks the wanted ones.
    await this.keys(...options.flatMap((o, i) => [...(i > 0 ? ['Tab'] : []), ...(codes.includes(o.code) ? ['Space'] : [])]));
    const last = await this.active();
    assert.equal(last.id, `${page.inputId}-${options.length - 1}`, `${page.formId} / ${page.linkId}: Tab went through the checkboxes, one stop each`);
    const checked = await this.s.execute('return Array.from(document.querySelectorAll("input[type=checkbox]:checked")).map(i => i.value)');
    assert.deepEqual(checked, codes, `${page.formId} / ${page.linkId}: the boxes ticked`);
    await this.continue();
    given.push({ item, question, lines: options.filter(o => codes.includes(o.code)).map(o => o.text) });
  }

  // --- check answers, change one, send

  async checkAnswersRows() {
    return this.s.execute(`
      return Array.from(document.querySelectorAll('.summary-row')).map(r => ({
        key: r.querySelector('.summary-key').textContent.replace(/\\s+/g, ' ').trim(),
        value: r.querySelector('.summary-value').textContent.replace(/\\s+/g, ' ').trim(),
        change: (r.querySelector('.change-link') || {}).id || null }));`);
  }

  assertAnswersShown(rows, given, formId) {
    for (const g of given) {
      const row = rows.find(r => normalizeName(r.key) === g.question);
      assert.ok(row, `${formId}: check answers lists "${g.question}"`);
      const lines = g.lines.length ? g.lines : [this.t('check-no-answer')];
      for (const line of lines) {
        assert.ok(normalizeName(row.value).includes(normalizeName(line)), `${formId}: check answers shows "${line}" for "${g.question}" (shows "${row.value}")`);
      }
    }
  }

  async checkAnswers(walk, given) {
    const t = this.t;
    const heading = normalizeName(t('check-heading'));
    await this.arrive(p => normalizeName(p.h1) === heading, `${walk.formId}: the check-answers page`);
    let rows = await this.checkAnswersRows();
    this.assertAnswersShown(rows, given, walk.formId);
    await this.audit(`${walk.formId}-check-answers`, 'check-answers');

    // Change one answer through its "Change" link: the last text answer (the mobile number in most forms).
    const send = normalizeName(t('check-submit'));
    const toSend = () => this.tabTo(a => a.tag === 'button' && normalizeName(a.text) === send, `"${send}"`, { target: { selector: 'button', text: send } });
    const g = [...given].reverse().find(x => x.item.type === 'string' && !x.item.repeats);
    if (g) {
      // It is near the end of the list: Tab down to "Send", then Shift+Tab back up to its link.
      const id = `change-${safeId(g.item.linkId)}`;
      await toSend();
      await this.tabTo(a => a.tag === 'a' && a.id === id, `the "${t('check-change')}" link of ${g.item.linkId}`, { back: true, target: { selector: `#${id}` } });
      await this.press('Enter');
      const inputId = `input-${safeId(g.item.linkId)}`;
      await this.arrive(p => p.h1Id === `${inputId}-heading`, `${walk.formId}: the question ${g.item.linkId} from its Change link`);
      const field = await this.tabTo(a => a.id === inputId, `#${inputId}`, { max: 3 });
      assert.equal(field.value, g.lines[0], `${walk.formId}: the question shows the saved answer`);
      const validator = ext(g.item, 'validator')?.valueCode;
      const changed = validator === 'mobile' ? '13900139000' : validator === 'resident-id' ? validId(ID_BASES[3])
        : validator === 'chinese-name' ? '赵六' : validator === 'postcode' ? '200001' : '上海市';
      await this.continue([...CLEAR, { text: changed }]);
      await this.arrive(p => normalizeName(p.h1) === heading, `${walk.formId}: back on the check-answers page after the change`);
      g.lines = [changed];
      rows = await this.checkAnswersRows();
      this.assertAnswersShown(rows, given, walk.formId);
    }

    await toSend();
    await this.press('Enter');
    // The 12345 request form is sent as a 12345 request: its confirmation says so.
    const confirm = normalizeName(t(walk.formId === 'citizen-request' ? 'confirm-heading-hotline' : 'confirm-heading'));
    await this.s.waitFor(async () => normalizeName((await this.page()).h1) === confirm, { timeout: 20000, message: `${walk.formId}: "${confirm}"` });
    this.stats.pages += 1;
    const caseNumber = await this.s.waitFor(
      () => this.s.execute('const c = document.getElementById("confirm-case-number"); return c ? c.textContent.replace(/\\s+/g, "") : null'),
      { timeout: 10000, message: `${walk.formId}: the case number` },
    );
    assert.match(caseNumber, /^[A-Za-z0-9-]{8,}$/, `${walk.formId}: a case number to write down`);
    const focused = await this.s.waitFor(() => this.s.execute('const a = document.activeElement; return !!a && a.classList.contains("panel")'),
      { timeout: 5000, interval: 50, message: 'focus' }).catch(() => false);
    this.expect(focused, `${walk.formId} / confirmation`, `the confirmation panel takes the focus (it is on ${JSON.stringify(await this.active())})`);
    this.log(`form ${walk.formId}: sent, case number ${caseNumber}`);
    await this.audit(`${walk.formId}-confirmation`, 'confirmation');
    const home = normalizeName(t('confirm-home'));
    await this.tabTo(a => (a.tag === 'a' || a.tag === 'button') && normalizeName(a.text) === home, `"${home}"`, { target: { selector: 'button', text: home } });
    await this.press('Enter');
    return caseNumber;
  }

  /** One form, from the home page to its confirmation and back home. */
  async walk(walk) {
    const items = flatten(walk.form.item);
    const given = [];
    await this.home();
    await this.startService(walk.service, walk.formId);
    const checkHeading = normalizeName(this.t('check-heading'));
    let previous = null;
    for (let i = 0; i < 60; i++) {
      const p = await this.arrive(x => x.h1Id !== previous && (x.h1Id.startsWith('input-') || normalizeName(x.h1) === checkHeading),
        `${walk.formId}: the page after ${previous ?? 'the home page'}`);
      if (normalizeName(p.h1) === checkHeading) {
        this.stats.pages -= 1; // counted again by checkAnswers
        break;
      }
      previous = p.h1Id;
      await this.questionPage(walk, items, given);
    }
    await this.checkAnswers(walk, given);
    this.stats.forms += 1;
  }

  /** The language, by keyboard: Tab to the language select, arrow keys to the language. */
  async switchLanguage(lang) {
    // The header is above the h1 (which has the focus): Shift+Tab goes back up to it.
    await this.tabTo(a => a.tag === 'select' && a.id === 'language-select', 'the language select', { back: true, target: { selector: '#language-select' } });
    for (let i = 0; i < 5; i++) {
      const v = await this.s.execute('return document.getElementById("language-select").value');
      if (v === lang) break;
      await this.press('ArrowDown');
    }
    await this.s.waitFor(() => this.s.execute('return document.documentElement.lang').then(l => l === lang), { timeout: 5000, message: `the app in ${lang}` });
    // Back to the page: the home page's h1 does not take the focus from the header's controls.
    await this.s.waitFor(async () => normalizeName((await this.page()).h1) === normalizeName(this.t('home-heading')), { message: 'the home page in the new language' });
    this.onLanguageSelect = true;
  }
}

for (const lang of LANGS) {
  test(`every demo form by keyboard alone, wrong answers first, ${lang}`, { timeout: 10 * 60 * 1000 }, async () => {
    preflight();
    assert.ok(WALKS.length > 0, 'forms to walk');
    if (!ONLY) assert.equal(WALKS.length, FORMS.size, 'every form of the demo catalogue is offered by a service');
    const j = new Journey(lang);
    await j.start();
    const started = Date.now();
    let w;
    try {
      await j.openApp();
      w = new Walker(j);
      await j.heading(j.tDefault('home-heading'), 30000);
      await j.s.waitFor(() => j.s.execute('const a = document.activeElement; return !!a && a.localName === "h1"'), { timeout: 10000, message: 'focus on the home h1' });
      if (lang !== 'zh-CN') await w.switchLanguage(lang);
      for (const walk of WALKS) {
        const t0 = Date.now();
        await w.walk(walk);
        j.log(`form ${walk.formId}: done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
      }
    } catch (e) {
      if (j.s) {
        await j.s.screenshot(join(LOG_DIR, `${lang}-every-form-failure.png`)).catch(() => {});
        try {
          j.log(`failure on: title "${await j.s.title()}", focus on ${await j.activeDescription()}`);
        } catch { /* the app may be gone */ }
      }
      throw e;
    } finally {
      await j.stop();
    }
    const secs = ((Date.now() - started) / 1000).toFixed(0);
    j.log(`walked ${w.stats.forms} forms, ${w.stats.pages} pages, ${w.stats.errors} error states, ${w.stats.keys} key presses in ${secs} s`);
    j.log(`time (ms): ${JSON.stringify(w.time)}`);
    assert.equal(w.stats.forms, WALKS.length);
    assert.deepEqual(w.findings, [], `the walk found ${w.findings.length} problem(s) in error states:\n${w.findings.join('\n')}`);
    assert.deepEqual(j.violations.map(v => `${v.step}: ${v.violations.map(x => x.id).join(', ')}`), [],
      `axe-core found violations:\n${j.violations.map(v => `at ${v.step}:\n${formatViolations(v.violations)}`).join('\n')}`);
  });
}
