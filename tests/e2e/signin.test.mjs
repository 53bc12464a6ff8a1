// End-to-end: a resident signs in with a one-time code (A12: no password, no puzzle, paste
// allowed), applies for the old-age allowance with her name, ID number and mobile prefilled from
// her government records (once-only), confirms them, submits, and signs out. The backend is the
// app's own practice backend (in-process reference server in practice mode), which returns the
// code in the challenge so the app shows it on screen: the test reads it there, as a resident would.
// The resident is 王秀英 (r-0001) of docs/practice-people.md.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';

import { elementRef, normalizeName } from './lib/webdriver.mjs';
import { Journey, LANGS, LOG_DIR, formatViolations, preflight } from './lib/journey.mjs';

const SERVICE_NAME = { 'zh-CN': '高龄津贴申请', 'en-US': 'Old-age allowance application' };
const MOBILE = '13800000001';
const NAME = '王秀英';

for (const lang of LANGS) {
  test(`sign-in and prefill: elderly allowance, ${lang}`, { timeout: 8 * 60 * 1000 }, async () => {
    preflight();
    const j = new Journey(lang);
    const t = j.t;
    await j.start();
    try {
      const s = await j.openApp();
      await j.heading(j.tDefault('home-heading'), 30000);
      if (lang !== 'zh-CN') await j.switchLanguage(lang);
      await j.heading(t('home-heading'));
      const info = await s.execute('return window.__TAURI_INTERNALS__.invoke("app_info")');
      assert.equal(info.practiceMode, true, 'the practice backend shows the code on screen');
      const banner = 'header';

      // 1. "Sign in" in the header, next to Help: the mobile number, one question on the page.
      await s.click(await s.findByRole('button', t('sign-in-button'), { selector: `${banner} button` }));
      await j.heading(t('sign-in-mobile-heading'));
      await j.assertFocusInPage('the mobile number page');
      const mobile = await s.findByRole('textbox', t('sign-in-mobile-heading'), { selector: 'input' });
      assert.equal(await s.attribute(mobile, 'inputmode'), 'tel');
      assert.equal(await s.execute('return document.querySelectorAll("input[type=password]").length'), 0, 'no password');
      await j.checkpoint('sign-in-mobile');
      await s.type(mobile, MOBILE);
      await s.click(await s.findByRole('button', t('sign-in-send-code')));

      // 2. The code page: in practice mode the code is on screen, with the note that a real one comes by SMS.
      await j.heading(t('sign-in-code-heading'), 15000);
      const code = await s.waitFor(() => s.execute('const c = document.querySelector(".practice-code"); return c && c.textContent.trim();'),
        { message: 'the practice code on screen' });
      assert.match(code, /^\d{6}$/);
      const text = normalizeName(await j.mainText());
      assert.ok(text.includes(normalizeName(t('sign-in-practice-note'))), 'the practice note is shown');
      assert.ok(text.includes(normalizeName(t('sign-in-voice', { number: info.hotline }))), 'the hotline is offered as the voice alternative');
      const field = await s.findByRole('textbox', t('sign-in-code-heading'), { selector: 'input' });
      assert.equal(await s.attribute(field, 'autocomplete'), 'one-time-code');
      assert.equal(await s.attribute(field, 'inputmode'), 'numeric');
      await j.checkpoint('sign-in-code');

      // A wrong code: the error summary takes focus and links to the field; tries left are said.
      const wrong = code === '000000' ? '111111' : '000000';
      await s.type(field, wrong);
      await s.click(await s.findByRole('button', t('sign-in-submit')));
      const summary = await s.findByRole('region', t('error-summary-title'), { selector: '[role=region]', timeout: 10000 });
      await s.waitFor(() => j.isActive(summary), { timeout: 5000, message: 'focus on the error summary' });
      const wrongText = t('error-sign-in-code-wrong', { attemptsLeft: '4' });
      await s.findByRole('link', wrongText);
      assert.equal(await s.attribute(field, 'aria-invalid'), 'true');
      await j.checkpoint('sign-in-code-wrong');

      // Pasted with a space, as it comes in an SMS: accepted.
      await s.clear(field);
      await s.type(field, `${code.slice(0, 3)} ${code.slice(3)}`);
      await s.click(await s.findByRole('button', t('sign-in-submit')));

      // 3. Back where she was, told who is signed in; "Sign out" in the header.
      await j.heading(t('home-heading'), 15000);
      const notice = t('sign-in-notice', { name: NAME });
      await s.waitFor(async () => normalizeName(await j.mainText()).includes(normalizeName(notice)), { message: `"${notice}"` });
      await s.findByRole('button', t('sign-out-button'), { selector: `${banner} button` });
      assert.equal(await s.queryByRole('button', t('sign-in-button'), { selector: `${banner} button` }), null);
      await j.checkpoint('signed-in');

      // 4. The old-age allowance: every answer is already known, so the form opens on the check
      // page, each answer marked as coming from her records; she confirms instead of typing.
      await s.click(await s.findByRole('button', SERVICE_NAME[lang], { timeout: 20000 }));
      await j.heading(t('check-heading'), 15000);
      const check = await j.mainText();
      const id = check.match(/\d{17}[\dX]/)?.[0];
      assert.ok(id, 'the check page shows an ID number');
      for (const a of [NAME, MOBILE]) assert.ok(check.includes(a), `the check page shows ${a}`);
      const marks = await s.execute('return document.querySelectorAll(".prefill-tag").length');
      assert.equal(marks, 3, 'each answer from the records is marked');
      assert.ok(normalizeName(check).includes(normalizeName(t('check-prefilled'))));
      await j.checkpoint('check-prefilled');

      // "Change" opens the question: the value from the records, and the field says where it came from.
      const question = normalizeName(lang === 'zh-CN' ? '申请人的姓名' : "Applicant's full name");
      const changeName = n => n === normalizeName(`${t('check-change')} ${question}`) || n === normalizeName(`${t('check-change')}${question}`);
      changeName.description = `"${t('check-change')} ${question}"`;
      await s.click(await s.findByRole('link', changeName));
      const { field: name } = await j.questionField();
      await s.waitFor(async () => (await s.value(name)) === NAME, { message: 'the name prefilled' });
      const described = await s.execute('const i = arguments[0]; return (i.getAttribute("aria-describedby") || "").split(" ").map(id => document.getElementById(id)?.textContent || "").join(" ");', [elementRef(name)]);
      assert.ok(normalizeName(described).includes(normalizeName(t('prefill-hint'))), `the field says it came from the records (${described})`);
      await j.checkpoint('prefilled-name');
      // Continue confirms it as it is: back on the check page, still marked.
      await j.continue();
      await j.heading(t('check-heading'), 15000);
      assert.equal(await s.execute('return document.querySelectorAll(".prefill-tag").length'), 3, 'confirmed, still from the records');
      await s.click(await s.findByRole('button', t('check-submit')));
      await j.heading(t('confirm-heading'), 20000);
      const caseNumber = await s.waitFor(() => s.execute(`
        const n = document.querySelector('.case-number');
        return n && n.textContent.trim() ? n.textContent.replace(/\\s+/g, '') : null;`), { timeout: 10000, message: 'the case number' });
      assert.match(caseNumber, /^BM\d{14}$/);
      await j.checkpoint('confirmation');

      // 6. Sign out from the header: said where she is; "Sign in" is back.
      await s.click(await s.findByRole('button', t('sign-out-button'), { selector: `${banner} button` }));
      await s.waitFor(async () => normalizeName(await j.mainText()).includes(normalizeName(t('sign-out-notice'))), { message: 'the sign-out notice' });
      await s.findByRole('button', t('sign-in-button'), { selector: `${banner} button` });
      await j.checkpoint('signed-out');
    } catch (e) {
      if (j.s) {
        await j.s.screenshot(join(LOG_DIR, `${lang}-signin-failure.png`)).catch(() => {});
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
