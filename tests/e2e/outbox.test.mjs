// End-to-end: the backend is slow when the resident submits. The app must say in plain words that
// the application is saved and being sent, then — by itself, without the resident doing anything —
// show the case number and announce it once. The slowness is real: the practice backend's admin
// route holds the next POST /v1/applications for 14 s (the app waits 10 s before answering).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';

import { normalizeName } from './lib/webdriver.mjs';
import { Journey, LOG_DIR, formatViolations, preflight } from './lib/journey.mjs';
import { validId } from './lib/resident-id.mjs';

test('outbox: a slow backend, then the case number arrives by itself (zh-CN)', { timeout: 5 * 60 * 1000 }, async () => {
  preflight();
  const j = new Journey('zh-CN');
  const t = j.t;
  await j.start();
  try {
    const s = await j.openApp();
    await j.heading(t('home-heading'), 30000);
    const info = await s.execute('return window.__TAURI_INTERNALS__.invoke("app_info")');
    assert.equal(info.practiceMode, true);
    const faults = await fetch(`${info.backendUrl}/admin/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ count: 1, action: { kind: 'delay', ms: 14000, afterCommit: false } }),
    });
    assert.equal(faults.status, 204, 'the practice backend accepts the fault');

    await s.click(await s.findByRole('button', '高龄津贴申请', { timeout: 20000 }));
    let previous = await j.answer('张三');
    previous = await j.nextPage(previous);
    await j.answer(validId('11010519491231002'));
    previous = await j.nextPage(previous);
    await j.answer('13800138000');
    await j.heading(t('check-heading'), 10000);
    await s.click(await s.findByRole('button', t('check-submit')));

    // Saved on this computer and being sent: said in plain words, no case number yet.
    await j.heading(t('confirm-heading-saved'), 20000);
    const saved = normalizeName(await j.mainText());
    assert.ok(saved.includes(normalizeName(t('outbox-sending-detail'))), 'the page says it is being sent and nothing is needed');
    await j.checkpoint('outbox-saved');

    // The backend answers; the page turns into the confirmation by itself and announces it once.
    await j.heading(t('confirm-heading'), 45000);
    const caseNumber = await s.waitFor(() => s.execute(`
      const n = document.querySelector('.case-number');
      return n && n.textContent.trim() ? n.textContent.replace(/\\s+/g, '') : null;`), { timeout: 10000, message: 'the case number' });
    assert.match(caseNumber, /^BM\d{14}$/);
    const status = await s.execute('return Array.from(document.querySelectorAll("[role=status]")).map(e => e.textContent).join(" ")');
    assert.ok(normalizeName(status).includes(normalizeName(t('status-sent'))), `the live region says "${t('status-sent')}" (it says "${status}")`);
    await j.checkpoint('outbox-accepted');
  } catch (e) {
    if (j.s) await j.s.screenshot(join(LOG_DIR, 'zh-CN-outbox-failure.png')).catch(() => {});
    throw e;
  } finally {
    await j.stop();
  }
  assert.deepEqual(j.violations.map(v => `${v.step}: ${v.violations.map(x => x.id).join(', ')}`), [],
    `axe-core found violations:\n${j.violations.map(v => `at ${v.step}:\n${formatViolations(v.violations)}`).join('\n')}`);
});
