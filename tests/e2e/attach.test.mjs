// End-to-end: a resident applies for the disability certificate (残疾人证) in the real app and
// attaches two materials: a photo (PNG) and a medical record (PDF), chosen through WebDriver's file
// upload (Element Send Keys with the file's path to the page's <input type="file">), the real way
// a file reaches the page. The field shows each file's name, size and, for the photo, a preview
// with the file name as its text alternative; a file of the wrong kind is refused in the error
// summary; the check page names the files; the application is submitted and the practice backend
// (its own SQLite file) holds both uploads, complete, with the files' sha256, named by the case.
// The app's own database never holds the files in plain bytes. axe-core and AT-SPI at each step.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { deflateSync } from 'node:zlib';

import { normalizeName } from './lib/webdriver.mjs';
import { Journey, LANGS, LOG_DIR, formatViolations, preflight, root } from './lib/journey.mjs';
import { validId } from './lib/resident-id.mjs';

const FORM = JSON.parse(readFileSync(join(root, 'crates/server/demo/forms/disability-certificate.json'), 'utf8'));
const SERVICE_NAME = { 'zh-CN': '残疾人证办理', 'en-US': 'Disability certificate' };
const MARKER = 'E2E-PLAIN-FILE-MARKER-51c2';

function items(list = FORM.item, out = new Map()) {
  for (const i of list) {
    out.set(i.linkId, i);
    if (i.item) items(i.item, out);
  }
  return out;
}
const ITEMS = items();
function localized(text, ext, lang) {
  if (lang === 'zh-CN') return text;
  const tr = ext?.extension?.find(e => e.extension?.some(p => p.url === 'lang' && p.valueCode === lang));
  return tr?.extension.find(p => p.url === 'content')?.valueString ?? text;
}
const question = (linkId, lang) => normalizeName(localized(ITEMS.get(linkId).text, ITEMS.get(linkId)._text, lang));
function option(linkId, code, lang) {
  const c = ITEMS.get(linkId).answerOption.find(o => o.valueCoding.code === code).valueCoding;
  return normalizeName(localized(c.display, c._display, lang));
}

// --- test files ---------------------------------------------------------------------------------

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}
/** A real PNG (a blue and yellow picture, 120 × 90) with the marker in a text chunk. */
function png() {
  const [w, h] = [120, 90];
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // truecolour
  const rows = [];
  for (let y = 0; y < h; y++) {
    const row = Buffer.alloc(1 + w * 3);
    for (let x = 0; x < w; x++) {
      const yellow = (x + y) % 40 < 20;
      row.set(yellow ? [255, 221, 0] : [29, 112, 184], 1 + x * 3);
    }
    rows.push(row);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('tEXt', Buffer.from(`Comment\0${MARKER}`, 'latin1')),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
/** A small real PDF with the marker in its text. */
function pdf() {
  const text = `BT /F1 18 Tf 40 100 Td (${MARKER}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 400 200] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${text.length} >>\nstream\n${text}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let out = '%PDF-1.4\n';
  const offsets = [];
  objects.forEach((o, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map(o => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}
const sha256 = (buf) => createHash('sha256').update(buf).digest('hex');

function query(db, sql) {
  const out = execFileSync('sqlite3', ['-json', db, sql], { encoding: 'utf8' }).trim();
  return out ? JSON.parse(out) : [];
}

for (const lang of LANGS) {
  test(`attach: a photo and a PDF for the disability certificate, submitted and received, ${lang}`, { timeout: 8 * 60 * 1000 }, async () => {
    preflight();
    const j = new Journey(lang);
    const t = j.t;
    const dir = mkdtempSync(join(process.env.E2E_TMP ?? tmpdir(), 'attach-files-'));
    const files = {
      photo: { name: lang === 'zh-CN' ? '一寸照片.png' : 'photo.png', bytes: png() },
      records: { name: lang === 'zh-CN' ? '诊断证明.pdf' : 'diagnosis.pdf', bytes: pdf() },
      wrong: { name: 'notes.txt', bytes: Buffer.from('not a photo, not a PDF\n') },
    };
    for (const f of Object.values(files)) {
      f.path = join(dir, f.name);
      writeFileSync(f.path, f.bytes);
    }
    await j.start();
    try {
      const s = await j.openApp();
      await j.heading(j.tDefault('home-heading'), 30000);
      if (lang !== 'zh-CN') await j.switchLanguage(lang);
      const info = await s.execute('return window.__TAURI_INTERNALS__.invoke("app_info")');
      assert.equal(info.practiceMode, true);
      const dataDir = join(j.env.XDG_DATA_HOME, 'cn.bianmin.app');
      const mainText = async () => normalizeName(await j.mainText());

      await s.click(await s.findByRole('button', SERVICE_NAME[lang], { timeout: 20000 }));
      let previous = await j.answer('张三', { expectQuestion: question('applicant-name', lang) });
      previous = await j.nextPage(previous);
      await j.answer(validId('11010519491231002'));
      previous = await j.nextPage(previous);
      // Continue, and again if WebKitWebDriver lost the click (it loses a click that follows the
      // checkpoint's zoom check on the same page, see lib/journey.mjs): the page must change.
      const continueFrom = async (heading) => {
        for (let tries = 0; ; tries++) {
          await j.continue();
          const moved = await s.waitFor(async () => (await j.h1Text().catch(() => heading)) !== normalizeName(heading), { timeout: 4000, message: 'the next page' })
            .then(() => true, () => false);
          if (moved) return;
          assert.ok(tries < 2, `Continue leads on from "${heading}"`);
          j.log(`Continue on "${heading}" was lost; clicking it again`);
        }
      };
      // A radio clicked right after a page appears is sometimes lost by WebKitWebDriver (no click
      // event fires; see forms.test.mjs): click until it is checked, then go on.
      const choose = async (group, name) => {
        await s.findByRole('group', question(group, lang), { selector: 'fieldset, [role=group]', timeout: 10000 });
        await s.waitFor(async () => {
          const radio = await s.findByRole('radio', name);
          if (!(await s.property(radio, 'checked'))) await s.click(radio);
          return s.property(radio, 'checked');
        }, { timeout: 10000, message: `the radio "${name}" is chosen` });
        await continueFrom(question(group, lang));
      };
      await choose('disability-category', option('disability-category', 'physical', lang));
      await choose('needs-home-assessment', t('boolean-no'));
      previous = await j.answer(lang === 'zh-CN' ? '北京市东城区和平里街道 1 号' : '1 Hepingli Street, Dongcheng, Beijing');

      // The photo question: a file input named by "Choose a file" and the question.
      await j.heading(question('photo', lang), 10000);
      const chooserName = `${t('attachment-choose')} ${question('photo', lang)}`;
      const chooser = await s.findByRole('button', chooserName, { selector: 'input[type=file]' }).catch(() => null)
        ?? await s.find('input[type=file]');
      // WebKit computes the name a moment after the page is drawn (the heading it names is new):
      // waited for, then asserted.
      await s.waitFor(async () => normalizeName(await s.computedLabel(chooser)) === normalizeName(chooserName), { timeout: 5000, message: 'the file input named' }).catch(() => {});
      assert.equal(normalizeName(await s.computedLabel(chooser)), normalizeName(chooserName), 'the file input is named by the question');
      await j.checkpoint('attach-photo-empty');

      // A file of the wrong kind: refused in the error summary, linked to the chooser.
      await s.sendKeys(chooser, files.wrong.path);
      const summary = await s.findByRole('region', t('error-summary-title'), { timeout: 10000 });
      const refusal = normalizeName(t('error-upload-type'));
      assert.ok(normalizeName(await s.text(summary)).includes(refusal), `the summary says "${refusal}"`);
      await j.checkpoint('attach-photo-wrong-type');

      // The photo, chosen through WebDriver: its name, size, preview and buttons appear.
      await s.sendKeys(await s.find('input[type=file]'), files.photo.path);
      await s.waitFor(async () => (await mainText()).includes(normalizeName(files.photo.name)), { timeout: 15000, message: 'the photo is listed' });
      const drawn = await s.waitFor(() => s.execute(`
        const i = document.querySelector('main img');
        return i && i.complete && i.naturalWidth ? { alt: i.alt, width: i.naturalWidth } : null;`), { timeout: 10000, message: 'the preview is drawn' });
      assert.deepEqual(drawn, { alt: files.photo.name, width: 120 }, 'the preview shows the photo, named by the file name');
      await s.findByRole('button', t('attachment-remove', { name: files.photo.name }));
      assert.ok(!(await mainText()).includes(refusal), 'the error is gone');
      await s.waitFor(async () => {
        const live = await s.execute('return Array.from(document.querySelectorAll("[role=status]")).map(e => e.textContent).join(" ")');
        return normalizeName(live).includes(normalizeName(t('attachment-added', { name: files.photo.name })));
      }, { timeout: 10000, message: 'the addition is announced' });
      await j.checkpoint('attach-photo-chosen');
      await continueFrom(question('photo', lang));

      // The medical record, a PDF: name and size, no preview.
      await j.heading(question('medical-records', lang), 10000);
      await s.sendKeys(await s.find('input[type=file]'), files.records.path);
      await s.waitFor(async () => (await mainText()).includes(normalizeName(files.records.name)), { timeout: 15000, message: 'the PDF is listed' });
      assert.ok((await mainText()).includes(normalizeName(t('attachment-kind-pdf'))), 'it is called a PDF file');
      assert.equal((await s.findAll('main img')).length, 0, 'a PDF has no preview');
      await j.checkpoint('attach-pdf-chosen');
      await continueFrom(question('medical-records', lang));

      await j.answer('13800138000', { expectQuestion: question('contact-mobile', lang) });

      // The check page names both files.
      await j.heading(t('check-heading'), 10000);
      const check = await mainText();
      for (const f of [files.photo, files.records]) assert.ok(check.includes(normalizeName(f.name)), `the check page names ${f.name}`);
      await j.checkpoint('attach-check');

      // Sealed on this computer: the files' bytes are nowhere in the app's database files.
      for (const suffix of ['', '-wal']) {
        const p = join(dataDir, `bianmin.sqlite${suffix}`);
        if (existsSync(p)) assert.ok(!readFileSync(p).includes(MARKER), `no plain file bytes in bianmin.sqlite${suffix}`);
      }

      await s.click(await s.findByRole('button', t('check-submit')));
      await j.heading(t('confirm-heading'), 30000);
      const caseNumber = await s.waitFor(() => s.execute(`
        const n = document.querySelector('.case-number');
        return n && n.textContent.trim() ? n.textContent.replace(/\\s+/g, '') : null;`), { timeout: 10000, message: 'the case number' });
      await j.checkpoint('attach-confirmation');

      // The backend received both files, complete and whole, and the case names them.
      const backend = join(dataDir, 'practice-backend.sqlite');
      const [filed] = query(backend, `SELECT response FROM cases WHERE case_number = '${caseNumber.replace(/'/g, '')}'`);
      assert.ok(filed, `the backend filed ${caseNumber}`);
      const answers = new Map(JSON.parse(filed.response).item.map(i => [i.linkId, i.answer.map(a => a.valueString)]));
      for (const [link, f] of [['photo', files.photo], ['medical-records', files.records]]) {
        const [uploadId] = answers.get(link) ?? [];
        assert.ok(uploadId, `the case answers ${link} with an upload`);
        const [upload] = query(backend, `SELECT sha256, size, complete, mime_type, file_name FROM uploads WHERE id = '${uploadId.replace(/'/g, '')}'`);
        assert.deepEqual(
          { sha256: upload.sha256, size: upload.size, complete: upload.complete, fileName: upload.file_name },
          { sha256: sha256(f.bytes), size: f.bytes.length, complete: 1, fileName: f.name },
          `the backend holds ${f.name} whole`,
        );
      }
      // Accepted: the app keeps the names, not the bytes.
      const kept = query(join(dataDir, 'bianmin.sqlite'), 'SELECT COUNT(*) AS n, SUM(bytes IS NULL) AS gone FROM attachments');
      assert.deepEqual(kept[0], { n: 2, gone: 2 }, 'the files\' bytes left this computer once the case was filed');
      j.log(`case ${caseNumber}: both files received`);
    } finally {
      await j.stop();
    }
    writeFileSync(join(LOG_DIR, `attach-${lang}-axe.json`), JSON.stringify(j.violations, null, 2));
    assert.equal(j.violations.length, 0, `accessibility problems:\n${j.violations.map(v => `${v.step}:\n${formatViolations(v.violations)}`).join('\n')}`);
  });
}
