// End-to-end: a kiosk (BIANMIN_KIOSK=1, BIANMIN_KIOSK_PLACE) calls a member of staff from the help
// panel (issue 6: "a help button in the same place on every screen shows the hotline and, in
// kiosk use, calls staff"). The first press meets a dropped connection (the practice backend's
// fault route): the panel says the call did not go through and what to do instead. The second
// press calls: focus moves to "Cancel the call", described by "please wait here"; the backend holds the call with the
// kiosk's place, and when the back office takes it (its admin route) the panel says who is
// coming. Finishing the visit cancels the call at the backend.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';

import { elementRef, normalizeName } from './lib/webdriver.mjs';
import { Journey, LANGS, LOG_DIR, formatViolations, preflight } from './lib/journey.mjs';

const PLACE = '大厅 A 区 3 号机';
const NOTE = { zhCN: '王老师马上到。', enUS: 'Ms Wang is coming.' };

for (const lang of LANGS) {
  test(`kiosk: calling a member of staff from the help panel, ${lang}`, { timeout: 6 * 60 * 1000 }, async () => {
    preflight();
    const j = new Journey(lang);
    const t = j.t;
    process.env.BIANMIN_KIOSK = '1';
    process.env.BIANMIN_KIOSK_PLACE = PLACE;
    try {
      await j.start();
    } finally {
      delete process.env.BIANMIN_KIOSK;
      delete process.env.BIANMIN_KIOSK_PLACE;
    }
    try {
      const s = await j.openApp();
      await j.heading(j.tDefault('home-heading'), 30000);
      const info = await s.execute('return window.__TAURI_INTERNALS__.invoke("app_info")');
      const base = info.backendUrl;
      if (lang !== 'zh-CN') await j.switchLanguage(lang);
      await j.heading(t('home-heading'));
      const panelText = async () => normalizeName(await s.execute('return document.getElementById("help-panel").textContent'));

      // Help, in the header: the panel opens with "Call a member of staff" first.
      const help = await s.findByRole('button', t('help-button'), { selector: 'header button' });
      await s.click(help);
      assert.equal(await s.execute('return arguments[0].getAttribute("aria-expanded")', [elementRef(help)]), 'true');
      const region = await s.findByRole('region', t('staff-call-heading'), { selector: 'section' });
      assert.ok(region, 'the staff-call section is named by its heading');
      assert.ok((await panelText()).includes(normalizeName(t('staff-call-explained'))), 'what the button does is said');
      await j.checkpoint('help-kiosk');

      // A dropped connection: the call did not go through, and the panel says what to do.
      const fault = await fetch(`${base}/admin/faults`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ count: 1, route: 'staffCalls', action: { kind: 'drop', afterCommit: false } }),
      });
      assert.equal(fault.status, 204);
      await s.click(await s.findByRole('button', t('staff-call-button')));
      const alert = await s.waitFor(() => s.execute('return document.querySelector("#help-panel [role=alert]")?.textContent'), { timeout: 15000, message: 'the failed call said' });
      assert.equal(normalizeName(alert), normalizeName(t('error-staff-call-failed', { hotline: info.hotline })));
      await j.checkpoint('staff-call-failed', { quick: true });

      // Again: the call goes through, focus on the message that says to wait here.
      await s.click(await s.findByRole('button', t('staff-call-button')));
      await s.waitFor(async () => (await panelText()).includes(normalizeName(t('staff-call-waiting'))) || null, { timeout: 15000, message: 'the waiting message' });
      const cancel = await s.findByRole('button', t('staff-call-cancel'));
      await s.waitFor(() => j.isActive(cancel), { timeout: 5000, message: 'focus on "Cancel the call"' });
      assert.equal(await s.execute('return document.activeElement.getAttribute("aria-describedby")'), 'staff-call-status', 'described by the message to wait here');
      assert.equal(await s.execute('return document.querySelector("#help-panel [role=alert]")'), null, 'the earlier failure is gone');
      await j.checkpoint('staff-call-waiting');

      // The backend holds one call, with the kiosk's place. (The command answers the open call: a
      // second press never calls twice.)
      const open = await s.execute('return window.__TAURI_INTERNALS__.invoke("call_staff")');
      assert.equal(open.state, 'waiting');
      const held = await (await fetch(`${base}/v1/staff-calls/${open.id}`)).json();
      assert.equal(held.place, PLACE);

      // The back office takes it: the panel says who is coming (polled every 5 s).
      const answered = await fetch(`${base}/admin/staff-calls/${open.id}/answer`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ note: NOTE }),
      });
      assert.equal(answered.status, 200);
      const coming = t('staff-call-coming-with-note', { note: lang === 'en-US' ? NOTE.enUS : NOTE.zhCN });
      await s.waitFor(async () => (await panelText()).includes(normalizeName(coming)) || null, { timeout: 20000, message: 'who is coming' });
      await s.findByRole('button', t('staff-call-cancel'));
      await j.checkpoint('staff-call-coming');

      // Finishing the visit cancels the call: nobody walks to a machine whose resident left.
      await s.click(await s.findByRole('button', t('finish-visit-button'), { selector: 'header button' }));
      await j.heading(t('finish-visit-heading'));
      await s.click(await s.findByRole('button', t('finish-visit-confirm')));
      await j.heading(j.tDefault('home-heading'), 30000);
      const after = await (await fetch(`${base}/v1/staff-calls/${open.id}`)).json();
      assert.equal(after.status, 'cancelled', 'the call is cancelled with the visit');
      assert.equal(await s.execute('return document.querySelector(".staff-call-status")'), null, 'the next person finds no call');
    } catch (e) {
      if (j.s) {
        await j.s.screenshot(join(LOG_DIR, `${lang}-staff-call-failure.png`)).catch(() => {});
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
