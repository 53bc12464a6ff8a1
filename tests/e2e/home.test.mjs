// End-to-end: the home page as issue 6 orders it — reminders first (未诉先办), then My
// applications, then the services by life event and department. 王秀英 (r-0001 of
// docs/practice-people.md) signs in with the practice code shown on screen; the practice
// backend's admin route raises two reminders for her; the app's watcher brings them to Home
// without a restart, first on the page; she dismisses one (named by its title) and starts the
// other, which opens the old-age allowance (every answer known from her records: the check page).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';

import { normalizeName } from './lib/webdriver.mjs';
import { Journey, LANGS, LOG_DIR, formatViolations, preflight } from './lib/journey.mjs';

// The watcher's round every 2 s, so the reminders arrive quickly; no scheduled back office.
process.env.BIANMIN_CASE_WATCH_SECS = '2';
process.env.BIANMIN_PRACTICE_TICK_SECS = '0';

const SERVICE_NAME = { 'zh-CN': '高龄津贴申请', 'en-US': 'Old-age allowance application' };
const TURNING_80 = { 'zh-CN': '您可以申领高龄津贴了', 'en-US': 'You can claim the old-age allowance' };
const PENSION = { 'zh-CN': '今年的养老金资格认证该做了', 'en-US': "This year's pension check is due" };
const DUE_WORDS = { 'zh-CN': '2026年12月31日', 'en-US': '31 December 2026' };
const MOBILE = '13800000001';
const RESIDENT = 'r-0001';

async function remind(base, kind, dueDate) {
  const response = await fetch(`${base}/admin/reminders`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ residentId: RESIDENT, kind, dueDate }),
  });
  assert.equal(response.status, 201, `${kind} raised: ${await response.clone().text()}`);
  return (await response.json()).id;
}

/** The h2 headings of the page, in order. */
function sectionHeadings(s) {
  return s.execute('return [...document.querySelectorAll("main h2")].filter(h => h.offsetParent !== null).map(h => h.textContent.trim());');
}

for (const lang of LANGS) {
  test(`home: a reminder raised by the backend comes first and starts its service, ${lang}`, { timeout: 8 * 60 * 1000 }, async () => {
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
      const base = info.backendUrl;
      const mainText = async () => normalizeName(await j.mainText());

      // Signed out: Reminders first, with a line and a way to sign in; then My applications, the
      // 12345 request, the services.
      await s.waitFor(async () => (await sectionHeadings(s)).length >= 4, { message: 'the four sections' });
      assert.deepEqual((await sectionHeadings(s)).slice(0, 4),
        [t('home-reminders-heading'), t('home-my-applications-heading'), t('hotline-home-heading'), t('home-services-heading')]);
      assert.ok((await mainText()).includes(normalizeName(t('reminders-signed-out'))), 'the signed-out line');
      await j.checkpoint('home-signed-out');

      // Sign in from the reminders' own button: the mobile number, the code shown on screen.
      await s.click(await s.findByRole('button', t('reminders-sign-in')));
      await j.heading(t('sign-in-mobile-heading'));
      await s.type(await s.findByRole('textbox', t('sign-in-mobile-heading'), { selector: 'input' }), MOBILE);
      await s.click(await s.findByRole('button', t('sign-in-send-code')));
      await j.heading(t('sign-in-code-heading'), 15000);
      const code = await s.waitFor(() => s.execute('const c = document.querySelector(".practice-code"); return c && c.textContent.trim();'),
        { message: 'the practice code on screen' });
      await s.type(await s.findByRole('textbox', t('sign-in-code-heading'), { selector: 'input' }), code);
      await s.click(await s.findByRole('button', t('sign-in-submit')));
      await j.heading(t('home-heading'), 15000);
      await s.waitFor(async () => (await mainText()).includes(normalizeName(t('reminders-none'))), { message: 'nothing due yet' });

      // The backend raises two reminders; the watcher brings them without a restart.
      await remind(base, 'turning-80', '2026-12-31');
      await remind(base, 'pension-qualification-check', '2026-06-30');
      const turning80 = await s.findByRole('heading', TURNING_80[lang], { selector: 'main h3', timeout: 30000 });
      await s.findByRole('heading', PENSION[lang], { selector: 'main h3', timeout: 10000 });
      assert.equal((await sectionHeadings(s))[0], t('home-reminders-heading'), 'reminders come first');
      const firstCard = await s.execute('return document.querySelector("main .reminder-card h3")?.textContent.trim();');
      assert.equal(normalizeName(firstCard), normalizeName(TURNING_80[lang]), 'the oldest reminder is the first card on the page');
      assert.ok((await mainText()).includes(normalizeName(t('reminder-due', { date: DUE_WORDS[lang] }))), 'the due date in words');
      // Said once, politely, through the live region (both titles in one announcement).
      await s.waitFor(async () => {
        const said = await s.execute('return document.querySelector("[role=status][aria-live=polite]")?.textContent || "";');
        return normalizeName(said).includes(normalizeName(TURNING_80[lang]));
      }, { timeout: 10000, message: 'the new reminders announced' });
      assert.ok(turning80);
      await j.checkpoint('home-reminders');

      // Dismiss the pension check: gone, the focus on the section's heading.
      await s.click(await s.findByRole('button', t('reminder-dismiss', { title: PENSION[lang] })));
      await s.waitFor(async () => (await s.queryByRole('heading', PENSION[lang], { selector: 'main h3' })) === null,
        { timeout: 10000, message: 'the dismissed reminder gone' });
      const heading = await s.findByRole('heading', t('home-reminders-heading'), { selector: 'main h2' });
      await s.waitFor(() => j.isActive(heading), { timeout: 5000, message: 'focus on the reminders heading' });
      await j.checkpoint('home-reminder-dismissed');

      // Start the old-age allowance from its reminder: her records answer everything, so the
      // form opens on its check page.
      await s.click(await s.findByRole('button', t('reminder-start', { service: SERVICE_NAME[lang] })));
      await j.heading(t('check-heading'), 20000);
      const check = await j.mainText();
      assert.ok(check.includes('王秀英'), 'the elderly allowance form, answered from her records');
      const draft = await s.execute('return window.__TAURI_INTERNALS__.invoke("my_applications")');
      assert.deepEqual(draft.map(a => a.serviceName[lang === 'en-US' ? 'enUS' : 'zhCN']), [SERVICE_NAME[lang]],
        'the started service is the old-age allowance');
      // Started and dismissed: nothing is due any more, here or (acknowledged) on the backend.
      const due = await s.execute('return window.__TAURI_INTERNALS__.invoke("reminders")');
      assert.deepEqual(due, []);
      await j.checkpoint('check-from-reminder');
    } catch (e) {
      if (j.s) {
        await j.s.screenshot(join(LOG_DIR, `${lang}-home-failure.png`)).catch(() => {});
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
