// End-to-end: following a case in the real app. The resident submits an old-age allowance
// application; the back office (the practice backend's admin route) asks for material, and the
// home page says so by itself (the app's case watcher, every 3 s here) and the case page lists the
// materials and why; the material is brought to the service centre (recorded through the API),
// the case is worked on and finished, each shown on the case page's timeline as it arrives; the
// resident rates it, and a second rating is not offered (the backend would refuse it: 409). axe-core
// at every step.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join, dirname } from 'node:path';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';

import { normalizeName } from './lib/webdriver.mjs';
import { Journey, LANGS, LOG_DIR, formatViolations, preflight } from './lib/journey.mjs';
import { validId } from './lib/resident-id.mjs';

// The app's case watcher asks the backend every 3 s in this test (60 s by default), and the
// practice backend's own schedule is off: the case moves only when this test moves it.
process.env.BIANMIN_CASE_WATCH_SECS = '3';
process.env.BIANMIN_PRACTICE_TICK_SECS = '0';

const here = dirname(fileURLToPath(import.meta.url));

/**
 * A desktop notification service on this test's session bus (notify_server.py), so the app's
 * desktop notifications can be read back. Returns the notifications so far and a stop function.
 */
async function notificationService() {
  const file = join(mkdtempSync(join(process.env.E2E_TMP ?? tmpdir(), 'notify-')), 'notifications.jsonl');
  const child = spawn('/usr/bin/python3', [join(here, 'notify_server.py'), file], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the notification service did not start')), 10000);
    child.stdout.on('data', d => { if (String(d).includes('ready')) { clearTimeout(timer); resolve(); } });
    child.on('exit', code => { clearTimeout(timer); reject(new Error(`the notification service ended (${code})`)); });
  });
  return {
    read: () => (existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n').filter(Boolean).map(l => JSON.parse(l)) : []),
    stop: () => child.kill(),
  };
}

const SERVICE = { 'zh-CN': '高龄津贴申请', 'en-US': 'Old-age allowance application' };

/** The back office moves the case; a 409 because the schedule got there first is fine if the case is there now. */
async function moveCase(base, caseNumber, body) {
  const response = await fetch(`${base}/admin/cases/${caseNumber}/transition`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (response.status === 200) return;
  const feed = await (await fetch(`${base}/v1/applications/${caseNumber}/events`)).json();
  assert.ok(
    response.status === 409 && feed.items.some(e => e.status === body.to),
    `the back office moves ${caseNumber} to ${body.to} (answered ${response.status}: ${JSON.stringify(feed.items.map(e => e.status))})`,
  );
}

for (const lang of LANGS) {
  test(`tracking: a case asks for material, is done and is rated once, ${lang}`, { timeout: 8 * 60 * 1000 }, async () => {
    preflight();
    const j = new Journey(lang);
    const t = j.t;
    const desktop = await notificationService();
    await j.start();
    try {
      const s = await j.openApp();
      await j.heading(j.tDefault('home-heading'), 30000);
      if (lang !== 'zh-CN') await j.switchLanguage(lang);
      const info = await s.execute('return window.__TAURI_INTERNALS__.invoke("app_info")');
      assert.equal(info.practiceMode, true);
      const base = info.backendUrl;
      const service = SERVICE[lang];
      const mainText = async () => normalizeName(await j.mainText());
      const waitForText = (text, message, timeout = 30000) =>
        s.waitFor(async () => (await mainText()).includes(normalizeName(text)), { timeout, message });

      // Submit an application.
      await s.click(await s.findByRole('button', service, { timeout: 20000 }));
      let previous = await j.answer('张三');
      previous = await j.nextPage(previous);
      await j.answer(validId('11010519491231002'));
      previous = await j.nextPage(previous);
      await j.answer('13800138000');
      await j.heading(t('check-heading'), 10000);
      await s.click(await s.findByRole('button', t('check-submit')));
      await j.heading(t('confirm-heading'), 30000);
      const caseNumber = await s.waitFor(() => s.execute(`
        const n = document.querySelector('.case-number');
        return n && n.textContent.trim() ? n.textContent.replace(/\\s+/g, '') : null;`), { timeout: 10000, message: 'the case number' });
      await s.click(await s.findByRole('button', t('confirm-home')));
      await j.heading(t('home-heading'));

      // The back office asks for two materials.
      await moveCase(base, caseNumber, {
        to: 'needs-more',
        materials: [
          { code: 'household-register', reason: { zhCN: '户口簿首页不清晰', enUS: 'The first page of the household register is not clear' } },
          { code: 'bank-card' },
        ],
      });
      const feed = await (await fetch(`${base}/v1/applications/${caseNumber}/events`)).json();
      const asked = feed.items.find(e => e.kind === 'needs-material');
      const names = asked.materials.map(m => (lang === 'zh-CN' ? m.name.zhCN : m.name.enUS));

      // The watcher finds it: the home page shows a notice, the status in words, and says it once.
      await s.findByRole(['region', 'group'], t('home-news-heading'), { timeout: 30000 });
      await waitForText(t('case-status-needs-more'), 'the status on the home page');
      const said = t('home-news-item', { service, status: t('case-status-needs-more') });
      await s.waitFor(async () => {
        const live = await s.execute('return Array.from(document.querySelectorAll("[role=status]")).map(e => e.textContent).join(" ")');
        return normalizeName(live).includes(normalizeName(said));
      }, { timeout: 10000, message: `the live region says "${said}"` });
      await j.checkpoint('tracking-home-news');

      // …and the desktop was told too, in the UI's language.
      const body = t('case-news-body', { service, status: t('case-status-needs-more') });
      await s.waitFor(() => desktop.read().some(n => n.summary === t('case-news-title') && n.body === body),
        { timeout: 10000, message: `a desktop notification "${t('case-news-title')}: ${body}" (got ${JSON.stringify(desktop.read())})` });

      // The case page: the service as h1, the status, the materials and why, how to bring them.
      await s.click(await s.findByRole('button', t('applications-view', { service })));
      await j.heading(service, 15000);
      const page = await mainText();
      assert.ok(page.includes(normalizeName(caseNumber)), 'the case number is shown');
      assert.ok(page.includes(normalizeName(t('case-status-needs-more'))), 'the status is shown in words');
      for (const name of names) assert.ok(page.includes(normalizeName(name)), `the material "${name}" is listed`);
      const reason = lang === 'zh-CN' ? '户口簿首页不清晰' : 'The first page of the household register is not clear';
      assert.ok(page.includes(normalizeName(reason)), 'the reason is shown');
      assert.ok(page.includes(normalizeName(t('case-materials-how', { hotline: '12345' }))), 'how to bring them is said');
      assert.ok(page.includes(normalizeName(t('case-event-needs-material'))), 'the timeline has the request');
      await s.findByRole('heading', t('case-timeline-heading'));
      await j.checkpoint('tracking-case-needs-material');

      // The material is brought to the service centre (recorded through the API), then the case is
      // worked on: the case page shows it by itself (watcher → event → the page reloads in place).
      const supplemented = await fetch(`${base}/v1/applications/${caseNumber}/supplements`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'Idempotency-Key': `e2e-${caseNumber}` },
        body: JSON.stringify({ uploads: asked.materials.map(m => ({ materialCode: m.code, uploadId: `counter-${m.code}` })) }),
      });
      assert.equal(supplemented.status, 201, 'the material is recorded');
      await moveCase(base, caseNumber, { to: 'in-progress' });
      await waitForText(t('case-event-in-progress'), 'the in-progress event on the timeline');
      await waitForText(t('case-event-supplemented'), 'the supplemented event on the timeline');
      await waitForText(t('case-status-in-progress'), 'the in-progress status');
      assert.equal(await s.queryByRole('group', t('rate-legend')), null, 'no rating before it is done');
      assert.ok(!(await mainText()).includes(normalizeName(t('case-materials-heading'))), 'the materials are no longer asked for');
      await j.checkpoint('tracking-case-in-progress');

      // Done: the result on the timeline and the rating form, offered once.
      await moveCase(base, caseNumber, { to: 'done', result: { zhCN: '已办结，每月发放高龄津贴', enUS: 'Done: the allowance is paid monthly' } });
      await waitForText(t('case-event-done'), 'the done event on the timeline');
      await waitForText(t('case-status-done'), 'the done status');
      await s.findByRole('group', t('rate-legend'), { timeout: 15000 });
      // The result as the backend recorded it (the schedule may have finished the case first).
      const finished = (await (await fetch(`${base}/v1/applications/${caseNumber}/events`)).json()).items.find(e => e.kind === 'done');
      await waitForText(lang === 'zh-CN' ? finished.result.zhCN : finished.result.enUS, 'the result');
      await j.checkpoint('tracking-case-done');

      await s.click(await s.findByRole('radio', t('rate-level-4')));
      const comment = await s.findByRole('textbox', t('rate-comment-label'), { selector: 'textarea' });
      await s.type(comment, lang === 'zh-CN' ? '工作人员很耐心' : 'Staff were patient');
      await s.click(await s.findByRole('button', t('rate-submit')));
      await s.findByRole('heading', t('rate-thanks-heading'), { timeout: 15000 });
      await waitForText(t('rate-given', { level: t('rate-level-4') }), 'the rating shown');
      assert.equal(await s.queryByRole('button', t('rate-submit')), null, 'no second rating is offered');
      assert.equal(await s.queryByRole('radio', t('rate-level-5')), null, 'no rating options remain');
      await j.checkpoint('tracking-case-rated');

      // The backend has it, and would refuse a second one.
      const rating = await (await fetch(`${base}/v1/applications/${caseNumber}/rating`)).json();
      assert.equal(rating.level, 4);
      const second = await fetch(`${base}/v1/applications/${caseNumber}/rating`, {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ level: 1 }),
      });
      assert.equal(second.status, 409);

      // Back home and in again: still rated, still no form; the status is "done".
      await s.click(await s.findByRole('button', t('case-back')));
      await j.heading(t('home-heading'));
      await waitForText(t('case-status-done'), 'the done status on the home page');
      await s.click(await s.findByRole('button', t('applications-view', { service }), { timeout: 10000 }));
      await j.heading(service, 15000);
      await waitForText(t('rate-given', { level: t('rate-level-4') }), 'the rating after reopening');
      assert.equal(await s.queryByRole('button', t('rate-submit')), null, 'no rating form after reopening');
      await j.checkpoint('tracking-case-reopened');
    } catch (e) {
      if (j.s) await j.s.screenshot(join(LOG_DIR, `${lang}-tracking-failure.png`)).catch(() => {});
      throw e;
    } finally {
      await j.stop();
      desktop.stop();
    }
    assert.deepEqual(j.violations.map(v => `${v.step}: ${v.violations.map(x => x.id).join(', ')}`), [],
      `axe-core found violations:\n${j.violations.map(v => `at ${v.step}:\n${formatViolations(v.violations)}`).join('\n')}`);
  });
}
