// End-to-end: a kiosk (BIANMIN_KIOSK=1). A resident makes the text bigger, starts the old-age
// allowance and types her name; "Finish" in the header says what will go and, confirmed, clears
// the machine: the next person finds the home page in the standard language and text size, no
// draft of hers in "My applications", and her name and the page's stored data in none of the
// files the app and its webview keep (issue 4, proof 4 for the webview's storage; the database,
// WAL and logs are proven in crates/core/tests/durability.rs). Then a visit left without use.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';

import { elementRef, normalizeName } from './lib/webdriver.mjs';
import { Journey, LANGS, LOG_DIR, formatViolations, preflight } from './lib/journey.mjs';

const SERVICE_NAME = { 'zh-CN': '高龄津贴申请', 'en-US': 'Old-age allowance application' };
// Planted personal data: a name typed into the form, and a string the page keeps in its storage
// (as any page's script could), which the webview writes to its own files.
const NAME = '柏泄漏';
const PLANT = 'kiosk-plant-王秀英-110101194403150027';

/** Every file under `dir` that holds `needle` (as UTF-8, or as UTF-16LE as WebKit's storage keeps it). */
function filesHolding(dir, needle) {
  const forms = [Buffer.from(needle, 'utf8'), Buffer.from(needle, 'utf16le')];
  const found = [];
  const walk = (d) => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      let st;
      try {
        st = statSync(path);
      } catch {
        continue; // gone meanwhile (a -journal file)
      }
      if (st.isDirectory()) walk(path);
      else if (st.isFile() && forms.some(f => readFileSync(path).includes(f))) found.push(path);
    }
  };
  walk(dir);
  return found;
}

for (const lang of LANGS) {
  test(`kiosk: finishing a visit clears the machine, ${lang}`, { timeout: 8 * 60 * 1000 }, async () => {
    preflight();
    const j = new Journey(lang);
    const t = j.t;
    process.env.BIANMIN_KIOSK = '1';
    try {
      await j.start();
    } finally {
      delete process.env.BIANMIN_KIOSK;
    }
    const base = dirname(j.env.XDG_DATA_HOME);
    try {
      const s = await j.openApp();
      await j.heading(j.tDefault('home-heading'), 30000);
      const info = await s.execute('return window.__TAURI_INTERNALS__.invoke("app_info")');
      assert.equal(info.kiosk, true, 'BIANMIN_KIOSK=1 makes a kiosk');
      if (lang !== 'zh-CN') await j.switchLanguage(lang);
      await j.heading(t('home-heading'));

      // "Finish" before anything is entered: the page says what always goes; going on instead
      // changes nothing. (Checked here at the standard text size, with the 400 % zoom check.)
      await s.click(await s.findByRole('button', t('finish-visit-button'), { selector: 'header button' }));
      await j.heading(t('finish-visit-heading'));
      await j.assertFocusInPage('the finish page');
      assert.ok(normalizeName(await j.mainText()).includes(normalizeName(t('finish-visit-settings'))), 'the settings going back is said');
      await j.checkpoint('finish-visit');
      await s.click(await s.findByRole('link', t('finish-visit-cancel')));
      await j.heading(t('home-heading'));

      // The resident's settings: text at 200 %.
      const size = await s.findByRole(['combobox', 'button', 'listbox'], t('text-size-label'), { selector: 'select' });
      await s.execute('const s = arguments[0]; s.value = "200"; s.dispatchEvent(new Event("change", { bubbles: true }));', [elementRef(size)]);
      await s.waitFor(() => s.execute('return document.documentElement.style.fontSize === "300%"'), { message: 'text at 200 %' });

      // Her answer: the name, saved the moment she continues.
      await s.click(await s.findByRole('button', SERVICE_NAME[lang], { timeout: 20000 }));
      const first = await j.answer(NAME);
      await j.nextPage(first);
      // What the page keeps in its own storage (the webview writes it to its files).
      await s.execute('localStorage.setItem("e2e-plant", arguments[0]); sessionStorage.setItem("e2e-plant", arguments[0]);', [PLANT]);
      const onDisk = await s.waitFor(() => filesHolding(base, PLANT).length > 0 || null, { timeout: 20000, message: 'the webview wrote its storage to disk' }).catch(() => false);
      j.log(onDisk ? 'the planted string reached the webview\'s files' : 'the webview kept the planted string in memory only');

      // "Finish" in the header, on a question page as on every page.
      await s.click(await s.findByRole('button', t('finish-visit-button'), { selector: 'header button' }));
      await j.heading(t('finish-visit-heading'));
      await j.assertFocusInPage('the finish page');
      const text = normalizeName(await j.mainText());
      assert.ok(text.includes(normalizeName(t('finish-visit-drafts', { count: 1 }))), 'her one draft is counted');
      assert.ok(text.includes(normalizeName(t('finish-visit-settings'))), 'the settings going back is said');
      // axe only: at 200 % text the 400 % zoom check fails on every page of the app, home
      // included (scrollWidth 1567 px in 1280 px with no element or text box past the edge;
      // an open finding, see the session note), which is beyond WCAG 1.4.10's 400 % of the
      // standard size checked above.
      await j.checkpoint('finish-visit-with-draft', { quick: true });
      await s.click(await s.findByRole('button', t('finish-visit-confirm')));

      // The page reloads for the next person: the default language and text size, a notice.
      const zh = j.tDefault;
      await j.heading(zh('home-heading'), 30000);
      await s.waitFor(async () => normalizeName(await j.mainText()).includes(normalizeName(zh('visit-finished-notice'))), { message: 'the visit-finished notice' });
      assert.equal(await s.execute('return document.documentElement.lang'), 'zh-CN');
      assert.equal(await s.execute('return document.documentElement.style.fontSize'), '', 'text back to the standard size');
      assert.equal(await s.execute('return localStorage.length + sessionStorage.length'), 0, 'the page storage is empty');
      const mine = await s.execute('return window.__TAURI_INTERNALS__.invoke("my_applications")');
      assert.deepEqual(mine, [], 'no draft of hers is listed');
      await j.checkpoint('next-person');

      // Her data is in none of the files the app and the webview keep.
      await new Promise(r => setTimeout(r, 2000));
      assert.deepEqual(filesHolding(base, PLANT), [], 'the planted string is left in no file');
      assert.deepEqual(filesHolding(base, NAME), [], 'her name is left in no file');
    } catch (e) {
      if (j.s) {
        await j.s.screenshot(join(LOG_DIR, `${lang}-kiosk-failure.png`)).catch(() => {});
        try {
          j.log(`failure on: title "${await j.s.title()}", focus on ${await j.activeDescription()}`);
        } catch { /* the app may be gone */ }
      }
      throw e;
    } finally {
      await j.stop();
    }
    assert.deepEqual(j.violations.map(v => `${v.step}: ${v.violations.map(x => x.id).join(', ')}`), [],
      `axe-core found violations:\n${j.violations.map(v => `at ${v.step}:\n${formatViolations(v.violations)}`).join('\n')}`);
  });
}

// A visit left without use (PRODUCT.md's kiosk rule, WCAG 2.2.1): BIANMIN_KIOSK_IDLE_SECS=10 here
// (180 s by default; short enough for a test, long enough for a loaded machine's WebDriver steps
// between two touches). After her first touch and 10 s without use, "Do you need more time?" takes
// the focus over an inert page; one key press gives more time and she is back where she was, her
// answer kept; left unanswered the second time, 60 s later the visit is finished for her exactly
// as Finish does.
for (const lang of LANGS) {
  test(`kiosk: a visit left without use warns, gives more time, then finishes itself, ${lang}`, { timeout: 6 * 60 * 1000 }, async () => {
    preflight();
    const j = new Journey(lang);
    const t = j.t;
    process.env.BIANMIN_KIOSK = '1';
    process.env.BIANMIN_KIOSK_IDLE_SECS = '10';
    try {
      await j.start();
    } finally {
      delete process.env.BIANMIN_KIOSK;
      delete process.env.BIANMIN_KIOSK_IDLE_SECS;
    }
    try {
      const s = await j.openApp();
      await j.heading(j.tDefault('home-heading'), 30000);
      const info = await s.execute('return window.__TAURI_INTERNALS__.invoke("app_info")');
      assert.equal(info.kioskIdleSecs, 10, 'BIANMIN_KIOSK_IDLE_SECS reaches the page');
      if (lang !== 'zh-CN') await j.switchLanguage(lang);
      await j.heading(t('home-heading'));
      await s.click(await s.findByRole('button', SERVICE_NAME[lang], { timeout: 20000 }));
      const { question, field } = await j.questionField();
      await s.type(field, NAME);

      // 10 s without use: the warning, focus on "I need more time", the page under it inert.
      const dialog = await s.findByRole('alertdialog', t('idle-warning-heading'), { selector: '[role=alertdialog]', timeout: 30000 });
      const more = await s.findByRole('button', t('idle-more-time'), { selector: '[role=alertdialog] button' });
      await s.waitFor(() => j.isActive(more), { timeout: 5000, message: 'focus on "I need more time"' });
      assert.equal(await s.execute('return !!document.querySelector("main [inert]") && !!document.querySelector(".page-top[inert]")'), true, 'the page under the warning is inert');
      assert.ok(normalizeName(await s.execute('return arguments[0].textContent', [elementRef(dialog)])).includes(normalizeName(t('idle-warning-text'))), 'the warning says what will happen');
      await j.checkpoint('idle-warning', { quick: true });

      // One key press: more time, back on her page with her answer as she typed it.
      await s.press('Enter');
      await s.waitFor(async () => (await s.execute('return document.querySelector("[role=alertdialog]") === null')) || null, { timeout: 5000, message: 'the warning gone' });
      assert.equal(await j.h1Text(), question, 'back on her question');
      assert.equal(await s.execute('return arguments[0].value', [elementRef(field)]), NAME, 'her answer kept');
      await j.assertFocusInPage('after more time');

      // Unanswered: 10 s, the warning again, then 60 s and the visit is finished for her.
      await s.findByRole('alertdialog', t('idle-warning-heading'), { selector: '[role=alertdialog]', timeout: 30000 });
      const zh = j.tDefault;
      await j.heading(zh('home-heading'), 90000);
      await s.waitFor(async () => normalizeName(await j.mainText()).includes(normalizeName(zh('visit-finished-notice'))), { message: 'the visit-finished notice' });
      assert.equal(await s.execute('return document.documentElement.lang'), 'zh-CN');
      const mine = await s.execute('return window.__TAURI_INTERNALS__.invoke("my_applications")');
      assert.deepEqual(mine, [], 'no draft of hers is listed');
      // The next person has not touched the kiosk: no warning comes by itself.
      await new Promise(r => setTimeout(r, 5000));
      assert.equal(await s.execute('return document.querySelector("[role=alertdialog]") === null'), true, 'an untouched kiosk stays as it is');
      await j.checkpoint('idle-finished', { quick: true });
    } catch (e) {
      if (j.s) {
        await j.s.screenshot(join(LOG_DIR, `${lang}-kiosk-idle-failure.png`)).catch(() => {});
        try {
          j.log(`failure on: title "${await j.s.title()}", focus on ${await j.activeDescription()}`);
        } catch { /* the app may be gone */ }
      }
      throw e;
    } finally {
      await j.stop();
    }
    assert.deepEqual(j.violations.map(v => `${v.step}: ${v.violations.map(x => x.id).join(', ')}`), [],
      `axe-core found violations:\n${j.violations.map(v => `at ${v.step}:\n${formatViolations(v.violations)}`).join('\n')}`);
  });
}
