// End-to-end: a request for more material (补正) answered in the real app. The resident submits an
// old-age allowance application; the back office (the practice backend's admin route) asks for two
// materials; the case page offers "Send the missing documents", which opens the request as question
// pages — one attachment question per material, its reason as the hint — where the files are chosen
// through WebDriver's file upload; the check page names them; sending puts the supplement in the
// outbox, which uploads the files and sends it once; the case page says "Documents sent" and the
// timeline gains the event; the practice backend holds one supplement naming both files, complete,
// with their sha256; the back office then finishes the case and the page shows it done. axe-core at
// every step (the harness's checkpoint). A second request asks questions only (a supplementForm
// published through the admin route): answered with the form engine and filed once.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createHash } from 'node:crypto';
import { deflateSync } from 'node:zlib';

import { normalizeName } from './lib/webdriver.mjs';
import { Journey, LANGS, LOG_DIR, formatViolations, preflight } from './lib/journey.mjs';
import { validId } from './lib/resident-id.mjs';

// The case moves only when this test moves it; the app's watcher asks every 3 s.
process.env.BIANMIN_CASE_WATCH_SECS = '3';
process.env.BIANMIN_PRACTICE_TICK_SECS = '0';

const SERVICE = { 'zh-CN': '高龄津贴申请', 'en-US': 'Old-age allowance application' };
const REASON = { zhCN: '户口簿首页不清晰', enUS: 'The first page of the household register is not clear' };

/** A small real PNG (a grey square, 32 × 32). */
function png() {
  const table = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc32 = (buf) => {
    let c = 0xffffffff;
    for (const b of buf) c = table[(c ^ b) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type, data) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(32, 0);
  ihdr.writeUInt32BE(32, 4);
  ihdr[8] = 8;
  ihdr[9] = 0; // greyscale
  const rows = Buffer.concat(Array.from({ length: 32 }, (_, y) => Buffer.concat([Buffer.from([0]), Buffer.alloc(32, 64 + y * 4)])));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A small PDF (its first bytes are what the app checks). */
function pdf() {
  return Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n', 'latin1');
}

const sha256 = (buf) => createHash('sha256').update(buf).digest('hex');

function query(db, sql) {
  const out = execFileSync('sqlite3', ['-json', db, sql], { encoding: 'utf8' }).trim();
  return out ? JSON.parse(out) : [];
}

async function moveCase(base, caseNumber, body) {
  const response = await fetch(`${base}/admin/cases/${caseNumber}/transition`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  assert.equal(response.status, 200, `the back office moves ${caseNumber} to ${body.to}: ${await response.text()}`);
}

for (const lang of LANGS) {
  test(`supplement: material asked for is sent from the app and the case is done, ${lang}`, { timeout: 8 * 60 * 1000 }, async () => {
    preflight();
    const j = new Journey(lang);
    const t = j.t;
    await j.start();
    try {
      const s = await j.openApp();
      await j.heading(j.tDefault('home-heading'), 30000);
      if (lang !== 'zh-CN') await j.switchLanguage(lang);
      const info = await s.execute('return window.__TAURI_INTERNALS__.invoke("app_info")');
      const base = info.backendUrl;
      const service = SERVICE[lang];
      const dataDir = join(j.env.XDG_DATA_HOME, 'cn.bianmin.app');
      const mainText = async () => normalizeName(await j.mainText());
      const waitForText = (text, message, timeout = 30000) =>
        s.waitFor(async () => (await mainText()).includes(normalizeName(text)), { timeout, message });

      const dir = mkdtempSync(join(process.env.E2E_TMP ?? tmpdir(), 'supplement-files-'));
      const files = {
        register: { name: lang === 'zh-CN' ? '户口簿首页.png' : 'register-first-page.png', bytes: png() },
        card: { name: lang === 'zh-CN' ? '银行卡.pdf' : 'bank-card.pdf', bytes: pdf() },
      };
      for (const f of Object.values(files)) {
        f.path = join(dir, f.name);
        writeFileSync(f.path, f.bytes);
      }

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
        materials: [{ code: 'household-register', reason: REASON }, { code: 'bank-card' }],
      });
      const feed = await (await fetch(`${base}/v1/applications/${caseNumber}/events`)).json();
      const asked = feed.items.find(e => e.kind === 'needs-material');
      const names = asked.materials.map(m => (lang === 'zh-CN' ? m.name.zhCN : m.name.enUS));
      await waitForText(t('case-status-needs-more'), 'the status on the home page');

      // The case page offers to send them from the app.
      await s.click(await s.findByRole('button', t('applications-view', { service })));
      await j.heading(service, 15000);
      await waitForText(t('case-materials-how', { hotline: '12345' }), 'how to send them');
      for (const name of names) assert.ok((await mainText()).includes(normalizeName(name)), `the material "${name}" is listed`);
      await j.checkpoint('supplement-case-needs-material');
      await s.click(await s.findByRole('button', t('supplement-start')));

      // One question per material: the material is the question, the reason its hint; a file each.
      const attach = async (name, file, step) => {
        await s.waitFor(async () => (await j.h1Text()).includes(normalizeName(name)), { timeout: 15000, message: `the question "${name}"` });
        await s.sendKeys(await s.find('input[type=file]'), file.path);
        await waitForText(file.name, `the file ${file.name} is listed`, 15000);
        await j.checkpoint(step);
        const heading = await j.h1Text();
        for (let tries = 0; ; tries++) {
          await j.continue();
          const moved = await s.waitFor(async () => (await j.h1Text().catch(() => heading)) !== heading, { timeout: 4000, message: 'the next page' })
            .then(() => true, () => false);
          if (moved) return;
          assert.ok(tries < 2, `Continue leads on from "${heading}"`);
        }
      };
      await s.waitFor(async () => (await j.h1Text()).includes(normalizeName(names[0])), { timeout: 15000, message: 'the first material asked' });
      assert.ok((await mainText()).includes(normalizeName(lang === 'zh-CN' ? REASON.zhCN : REASON.enUS)), 'the reason is the hint');
      await attach(names[0], files.register, 'supplement-question-register');
      await attach(names[1], files.card, 'supplement-question-card');

      // The check page names the files, in the supplement's own words.
      await j.heading(t('supplement-check-heading'), 15000);
      const check = await mainText();
      for (const f of Object.values(files)) assert.ok(check.includes(normalizeName(f.name)), `the check page names ${f.name}`);
      await j.checkpoint('supplement-check');

      // Sent: the case page says so, the status and the timeline show it.
      await s.click(await s.findByRole('button', t('supplement-submit')));
      await j.heading(service, 30000);
      await s.findByRole('heading', t('supplement-sent-heading'), { timeout: 30000 });
      await waitForText(t('case-status-supplemented'), 'the supplemented status');
      await waitForText(t('case-event-supplemented'), 'the supplemented event on the timeline');
      assert.equal(await s.queryByRole('button', t('supplement-start')), null, 'not offered again');
      await j.checkpoint('supplement-sent');

      // The backend holds one supplement naming both files, complete and whole.
      const after = await (await fetch(`${base}/v1/applications/${caseNumber}/events`)).json();
      const supplemented = after.items.filter(e => e.kind === 'supplemented');
      assert.equal(supplemented.length, 1, 'filed once');
      assert.deepEqual(supplemented[0].materialCodes, ['household-register', 'bank-card']);
      const backend = join(dataDir, 'practice-backend.sqlite');
      const [filed] = query(backend, `SELECT uploads FROM supplements WHERE case_number = '${caseNumber.replace(/'/g, '')}'`);
      const uploads = JSON.parse(filed.uploads);
      assert.equal(uploads.length, 2);
      for (const [upload, f] of uploads.map((u, i) => [u, [files.register, files.card][i]])) {
        const [row] = query(backend, `SELECT sha256, size, complete, file_name FROM uploads WHERE id = '${upload.uploadId.replace(/'/g, '')}'`);
        assert.deepEqual(row, { sha256: sha256(f.bytes), size: f.bytes.length, complete: 1, file_name: f.name }, `${f.name} arrived whole`);
      }

      // A second request asks questions only (a supplementForm): answered in the app with the
      // form engine, its answers filed as the supplement's response under the form's url.
      const formUrl = 'https://forms.bianmin.example/Questionnaire/bank-details';
      const published = await fetch(`${base}/admin/forms`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ id: 'bank-details', previousAcceptedUntil: null, questionnaire: {
          resourceType: 'Questionnaire', url: formUrl, version: '1.0.0', status: 'active', title: '收款账户',
          item: [
            { linkId: 'bank', type: 'choice', required: true, text: '开户银行',
              _text: { extension: [{ url: 'http://hl7.org/fhir/StructureDefinition/translation', extension: [{ url: 'lang', valueCode: 'en-US' }, { url: 'content', valueString: 'Bank' }] }] },
              answerOption: [{ valueCoding: { code: 'icbc', display: '工商银行' } }, { valueCoding: { code: 'abc', display: '农业银行' } }] },
            { linkId: 'bank-account', type: 'string', required: true, text: '银行账号',
              _text: { extension: [{ url: 'http://hl7.org/fhir/StructureDefinition/translation', extension: [{ url: 'lang', valueCode: 'en-US' }, { url: 'content', valueString: 'Bank account number' }] }] } },
          ] } }),
      });
      assert.equal(published.status, 201, `the form is published: ${await published.text()}`);
      await moveCase(base, caseNumber, {
        to: 'needs-more',
        reason: { zhCN: '请确认发放津贴的银行账户', enUS: 'Please confirm the bank account for the allowance' },
        supplementForm: { id: 'bank-details', url: formUrl, version: '1.0.0' },
      });
      await waitForText(t('case-request-questions'), 'the case page says questions are asked');
      await j.checkpoint('supplement-case-questions');
      await s.click(await s.findByRole('button', t('supplement-start-answers')));
      const bankQuestion = lang === 'zh-CN' ? '开户银行' : 'Bank';
      await s.waitFor(async () => (await j.h1Text()).includes(normalizeName(bankQuestion)), { timeout: 15000, message: 'the form\'s first question' });
      await s.click(await s.findByRole('radio', '工商银行', { timeout: 10000 }));
      await j.checkpoint('supplement-question-choice');
      let page = await j.h1Text();
      await j.continue();
      page = await j.nextPage(page);
      await j.answer('6222020200112233');
      await j.heading(t('supplement-check-heading'), 15000);
      assert.ok((await mainText()).includes('6222020200112233'), 'the check page shows the account number');
      await s.click(await s.findByRole('button', t('supplement-submit')));
      await s.findByRole('heading', t('supplement-sent-heading'), { timeout: 30000 });
      const rows = query(backend, `SELECT response, uploads FROM supplements WHERE case_number = '${caseNumber.replace(/'/g, '')}' ORDER BY seq`);
      assert.equal(rows.length, 2, 'a second supplement is filed, once');
      const answered = JSON.parse(rows[1].response);
      assert.equal(answered.questionnaire, `${formUrl}|1.0.0`);
      assert.deepEqual(answered.item.map(i => i.linkId), ['bank', 'bank-account']);
      assert.deepEqual(JSON.parse(rows[1].uploads), [], 'no document was asked for');

      // The department goes on and finishes: the page follows by itself.
      await moveCase(base, caseNumber, { to: 'in-progress' });
      await waitForText(t('case-status-in-progress'), 'the in-progress status');
      await moveCase(base, caseNumber, { to: 'done', result: { zhCN: '已办结，每月发放高龄津贴', enUS: 'Done: the allowance is paid monthly' } });
      await waitForText(t('case-status-done'), 'the done status');
      await waitForText(t('case-event-done'), 'the done event on the timeline');
      await s.findByRole('group', t('rate-legend'), { timeout: 15000 });
      await j.checkpoint('supplement-case-done');
    } catch (e) {
      if (j.s) await j.s.screenshot(join(LOG_DIR, `${lang}-supplement-failure.png`)).catch(() => {});
      throw e;
    } finally {
      await j.stop();
    }
    assert.deepEqual(j.violations.map(v => `${v.step}: ${v.violations.map(x => x.id).join(', ')}`), [],
      `axe-core found violations:\n${j.violations.map(v => `at ${v.step}:\n${formatViolations(v.violations)}`).join('\n')}`);
  });
}
