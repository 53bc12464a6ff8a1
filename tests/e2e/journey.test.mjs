// End-to-end journey through the real Bianmin app (the built binary, its WebKitGTK webview, the
// Rust core, SQLite, the built-in reference backend of practice mode), driven through tauri-driver.
// Controls are found by computed role and accessible name, as assistive technology finds them; the
// names come from locales/<lang>/*.ftl, so the test holds in every language. axe-core audits every step.
//
// Run it through `./dev e2e` (or `./dev test`): that builds the app and provides Xvfb, a D-Bus session
// with an unlocked gnome-keyring, and temporary XDG and HOME directories. See tests/README.md.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';

import { normalizeName, elementRef } from './lib/webdriver.mjs';
import { Journey, LANGS, LOG_DIR, formatViolations, preflight } from './lib/journey.mjs';
import { validId, wrongCheckId } from './lib/resident-id.mjs';

// Service names come from the backend's catalogue (docs/ipc-contract.md), not from ui.ftl.
const SERVICE_NAME = { 'zh-CN': '高龄津贴申请', 'en-US': 'Old-age allowance application' };

const ID_BASE = '11010519491231002'; // Beijing Xicheng district, born 1949-12-31
const ANSWERS = {
  name: '张三',
  wrongId: wrongCheckId(ID_BASE),
  id: validId(ID_BASE),
  mobile: '13800138000',
  changedMobile: '13900139000',
};

for (const lang of LANGS) {
  test(`journey: elderly allowance, ${lang}`, { timeout: 8 * 60 * 1000 }, async () => {
    preflight();
    const j = new Journey(lang);
    const t = j.t;
    await j.start();
    try {
      const s = await j.openApp();

      // 1. The window opens on the home page, in the default language.
      await j.heading(j.tDefault('home-heading'), 30000);
      if (lang !== 'zh-CN') {
        await j.switchLanguage(lang);
        j.log(`switched the language to ${lang}`);
      }
      const h1 = await j.heading(t('home-heading'));
      assert.ok(h1);
      assert.equal(await s.execute('return document.documentElement.lang'), lang, '<html lang> follows the UI language');
      const title = await s.waitFor(() => s.title(), { message: 'a document title' });
      assert.ok(normalizeName(title).includes(normalizeName(t('home-heading'))), `title "${title}" names the page`);
      const serviceButton = await s.findByRole('button', SERVICE_NAME[lang], { timeout: 20000 });
      const badge = await s.execute(`
        const want = arguments[0];
        const all = Array.from(document.querySelectorAll('body *'));
        return all.find(e => e.children.length === 0 && e.textContent.trim() === want) || null;`, [t('practice-mode-badge')]);
      assert.ok(badge, `the practice-mode badge "${t('practice-mode-badge')}" is on the page`);
      assert.ok(await s.displayed(Object.values(badge)[0]), 'the practice-mode badge is visible');
      await j.assertFocusInPage('the home page');
      j.log(`home: title "${title}", focus on ${await j.activeDescription()}`);
      // The 400 % reflow check must be able to fail: a 400 px wide box overflows a 1280 px window at
      // 400 % (1600 px), a 300 px one does not (1200 px).
      for (const [width, overflows] of [[400, true], [300, false]]) {
        await s.execute('const d = document.createElement("div"); d.id = "reflow-probe"; d.style.width = arguments[0] + "px"; d.style.height = "1px"; document.body.appendChild(d);', [width]);
        assert.equal(!!(await j.overflowAtZoom(4)), overflows, `a ${width} px box ${overflows ? 'overflows' : 'fits'} at 400 %`);
        await s.execute('document.getElementById("reflow-probe").remove()');
      }
      await j.checkpoint('home');
      // The high-contrast theme: the same audit (7:1 text contrast included), then back.
      const contrast = await s.findByRole(['button', 'togglebutton', 'toggle button'], t('high-contrast-toggle'));
      await s.click(contrast);
      await s.waitFor(async () => (await s.attribute(contrast, 'aria-pressed')) === 'true', { message: 'high contrast on' });
      await j.checkpoint('home-high-contrast');
      await s.click(contrast);

      // 2. Choose the service.
      await s.click(serviceButton);

      // 3. One question per page: full name, resident ID number (first wrong, then right), mobile.
      const questions = [];
      let { question, field } = await j.questionField();
      await j.assertFocusInPage('the first question');
      await j.checkpoint('question-name');
      questions.push(question);
      await s.type(field, ANSWERS.name);
      await j.continue();

      question = await j.nextPage(question);
      ({ field } = await j.questionField());
      questions.push(question);
      await s.type(field, ANSWERS.wrongId);
      await j.continue();

      // The error summary appears at the top, takes focus, the title says "Error", the link names the problem.
      const summary = await s.findByRole('region', t('error-summary-title'), { selector: '[role=region]', timeout: 10000 });
      await s.waitFor(() => j.isActive(summary), { timeout: 5000, message: 'focus on the error summary' });
      const errorTitle = await s.title();
      assert.ok(normalizeName(errorTitle).startsWith(normalizeName(t('error-title-prefix'))), `title "${errorTitle}" starts with "${t('error-title-prefix')}"`);
      const errorLink = await s.findByRole('link', t('error-id-check-digit'));
      assert.ok(errorLink, 'the error summary links to the field, naming the problem');
      ({ field } = await j.questionField());
      assert.equal(await s.value(field), ANSWERS.wrongId, 'what was typed stays in the field');
      assert.equal(await s.attribute(field, 'aria-invalid'), 'true', 'the field is marked invalid');
      // Following the link moves focus to the field.
      await s.click(errorLink);
      await s.waitFor(() => j.isActive(field), { timeout: 3000, message: 'focus on the field after following the error link' });
      await j.checkpoint('question-id-error');

      await s.type(field, ANSWERS.id);
      await j.continue();

      question = await j.nextPage(question);
      ({ field } = await j.questionField());
      questions.push(question);
      await j.checkpoint('question-mobile');
      await s.type(field, ANSWERS.mobile);
      await j.continue();

      // 4. Check your answers: the three answers and a "Change" link per answer, named with its question.
      await j.heading(t('check-heading'));
      await j.assertFocusInPage('the check-answers page');
      let text = await j.mainText();
      for (const a of [ANSWERS.name, ANSWERS.id, ANSWERS.mobile]) assert.ok(text.includes(a), `the check page shows "${a}"`);
      const changeLinks = [];
      for (const q of questions) {
        // "Change <question>": a word space between the two in English; Chinese reads well without it.
        const want = [normalizeName(`${t('check-change')} ${q}`)];
        if (lang.startsWith('zh')) want.push(normalizeName(`${t('check-change')}${q}`));
        const match = n => want.includes(n);
        match.description = want.map(w => JSON.stringify(w)).join(' or ');
        changeLinks.push(await s.findByRole('link', match));
      }
      await j.checkpoint('check-answers');

      await s.click(changeLinks[2]);
      ({ question, field } = await j.questionField());
      assert.equal(question, questions[2], 'Change opens its own question');
      assert.equal(await s.value(field), ANSWERS.mobile, 'the question shows the saved answer');
      await s.type(field, ANSWERS.changedMobile);
      await j.checkpoint('change-mobile');
      await j.continue();
      await j.heading(t('check-heading'));
      text = await j.mainText();
      assert.ok(text.includes(ANSWERS.changedMobile), 'the check page shows the changed answer');
      assert.ok(!text.includes(ANSWERS.mobile), 'the old answer is gone');

      await s.click(await s.findByRole('button', t('check-submit')));

      // 5. Confirmation with a case number.
      await j.heading(t('confirm-heading'), 20000);
      await j.assertFocusInPage('the confirmation page');
      const caseNumber = await s.execute(`
        const want = arguments[0].trim();
        const label = Array.from(document.querySelectorAll('main *')).find(e => e.children.length === 0 && e.textContent.trim() === want);
        if (!label) return null;
        let n = label.nextElementSibling || label.parentElement.nextElementSibling;
        return n ? n.textContent.replace(/\\s+/g, '') : null;`, [t('confirm-case-number-label')]);
      assert.ok(caseNumber, `a case number follows "${t('confirm-case-number-label')}"`);
      assert.match(caseNumber.trim(), /^[A-Z0-9-]{8,}$/, 'the case number is letters and digits to write down');
      j.log(`case number ${caseNumber}`);
      await j.checkpoint('confirmation');

      // 6. Close the app, open it again on the same data: the application is under "My applications".
      await j.closeApp();
      const s2 = await j.openApp();
      const homeHeading = n => n === normalizeName(t('home-heading')) || n === normalizeName(j.tDefault('home-heading'));
      homeHeading.description = `"${t('home-heading')}" or "${j.tDefault('home-heading')}"`;
      await j.heading(homeHeading, 30000);
      const langAfter = await s2.execute('return document.documentElement.lang');
      if (langAfter !== lang) {
        j.log(`the language was not kept across restarts (${langAfter}); switching again`);
        await j.switchLanguage(lang);
      }
      const mine = await s2.findByRole('heading', t('home-my-applications-heading'), { selector: 'h1, h2, h3' });
      const want = t('applications-case-number', { number: caseNumber });
      const sectionText = await s2.waitFor(async () => {
        const txt = await s2.execute('const h = arguments[0]; const s = h.closest("section") || h.parentElement; return s.textContent;', [elementRef(mine)]);
        return normalizeName(txt).includes(normalizeName(want)) ? txt : null;
      }, { timeout: 15000, message: `"${want}" under "${t('home-my-applications-heading')}"` });
      assert.ok(sectionText);
      await s2.execute('arguments[0].scrollIntoView({ block: "start" })', [elementRef(mine)]);
      await j.checkpoint('my-applications');
    } catch (e) {
      if (j.s) {
        await j.s.screenshot(join(LOG_DIR, `${lang}-failure.png`)).catch(() => {});
        try {
          j.log(`failure on: title "${await j.s.title()}", focus on ${await j.activeDescription()}`);
        } catch { /* the app may be gone */ }
      }
      throw e;
    } finally {
      await j.stop();
    }

    j.log(`screenshots: ${j.shots.join(', ')}`);
    assert.deepEqual(j.violations.map(v => `${v.step}: ${v.violations.map(x => x.id).join(', ')}`), [],
      `axe-core found violations:\n${j.violations.map(v => `at ${v.step}:\n${formatViolations(v.violations)}`).join('\n')}`);
  });
}
