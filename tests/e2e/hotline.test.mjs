// End-to-end: a 12345 request in the real app, followed to its follow-up visit, then rated.
// From Home ("Tell 12345 about a problem"): the kind (five, in plain words), what happened, where
// (a text address), two photos (real PNGs through WebDriver's file upload), not anonymous (what
// that means is said), a mobile; the check page; sending, whose first answer is a 503 from the
// practice backend (its admin fault route): the confirmation says it is saved and being sent,
// then shows the request number by itself. My applications lists it with its status in words
// (the watcher, every 3 s here); the back office (the admin route) dispatches, handles, replies,
// closes and visits it, and the request's page shows each step and the reply; after the visit the
// resident rates it once (five levels, a comment), and the backend refuses a second rating (409).
// The backend holds one request with both photos, whole. axe-core, 400 % reflow and AT-SPI at
// every step (the harness's checkpoint).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { deflateSync } from 'node:zlib';

import { normalizeName } from './lib/webdriver.mjs';
import { Journey, LANGS, LOG_DIR, formatViolations, preflight, root } from './lib/journey.mjs';

// The watcher asks every 3 s; the practice backend's own schedule is off: the request moves only
// when this test moves it.
process.env.BIANMIN_CASE_WATCH_SECS = '3';
process.env.BIANMIN_PRACTICE_TICK_SECS = '0';

const FORM = JSON.parse(readFileSync(join(root, 'crates/server/demo/form-versions/citizen-request-1.1.0.json'), 'utf8'));
const ITEMS = new Map(FORM.item.map(i => [i.linkId, i]));
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
function hint(linkId, lang) {
  const e = ITEMS.get(linkId).extension.find(x => x.url === 'http://hl7.org/fhir/StructureDefinition/entryFormat');
  return normalizeName(localized(e.valueString, e, lang));
}

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
/** A real PNG, 160 × 120, striped in two colours that depend on `seed`. */
function png(seed) {
  const [w, h] = [160, 120];
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8;
  ihdr[9] = 2;
  const rows = [];
  for (let y = 0; y < h; y++) {
    const row = Buffer.alloc(1 + w * 3);
    for (let x = 0; x < w; x++) row.set((x + y + seed * 7) % 30 < 15 ? [40, 40, 40] : [250, 200, 60 + seed * 40], 1 + x * 3);
    rows.push(row);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
const sha256 = (buf) => createHash('sha256').update(buf).digest('hex');

function query(db, sql) {
  const out = execFileSync('sqlite3', ['-json', db, sql], { encoding: 'utf8' }).trim();
  return out ? JSON.parse(out) : [];
}

const TEXT = {
  'zh-CN': { description: '小区门口的路灯坏了一个月，晚上很黑，老人出门容易摔倒', location: '朝阳区幸福街道阳光小区 3 号门', reply: '路灯已经修好了，谢谢您的反映。', comment: '修得很快' },
  'en-US': { description: 'The street light at the gate has been out for a month; it is dark at night', location: 'Gate 3, Sunshine Estate, Xingfu Street, Chaoyang', reply: 'The street light has been repaired. Thank you for telling us.', comment: 'Fixed quickly' },
};

for (const lang of LANGS) {
  test(`hotline: a 12345 request through to its follow-up visit, rated once, ${lang}`, { timeout: 8 * 60 * 1000 }, async () => {
    preflight();
    const j = new Journey(lang);
    const t = j.t;
    const text = TEXT[lang];
    const dir = mkdtempSync(join(process.env.E2E_TMP ?? tmpdir(), 'hotline-files-'));
    const photos = [0, 1].map(seed => {
      const name = lang === 'zh-CN' ? `路灯${seed + 1}.png` : `street-light-${seed + 1}.png`;
      const bytes = png(seed);
      const path = join(dir, name);
      writeFileSync(path, bytes);
      return { name, bytes, path };
    });
    await j.start();
    try {
      const s = await j.openApp();
      await j.heading(j.tDefault('home-heading'), 30000);
      if (lang !== 'zh-CN') await j.switchLanguage(lang);
      const info = await s.execute('return window.__TAURI_INTERNALS__.invoke("app_info")');
      assert.equal(info.practiceMode, true);
      const base = info.backendUrl;
      const dataDir = join(j.env.XDG_DATA_HOME, 'cn.bianmin.app');
      const backend = join(dataDir, 'practice-backend.sqlite');
      const mainText = async () => normalizeName(await j.mainText());
      const waitForText = (what, message, timeout = 30000) =>
        s.waitFor(async () => (await mainText()).includes(normalizeName(what)), { timeout, message });
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
      const choose = async (group, name) => {
        await s.findByRole('group', question(group, lang), { selector: 'fieldset, [role=group]', timeout: 10000 });
        await s.waitFor(async () => {
          const radio = await s.findByRole('radio', name);
          if (!(await s.property(radio, 'checked'))) await s.click(radio);
          return s.property(radio, 'checked');
        }, { timeout: 10000, message: `the radio "${name}" is chosen` });
        await continueFrom(question(group, lang));
      };
      const move = async (id, to, note) => {
        const response = await fetch(`${base}/admin/hotline/${id}/transition`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(note ? { to, note } : { to }),
        });
        assert.equal(response.status, 200, `the back office moves ${id} to ${to}`);
      };

      // Home offers the 12345 request.
      await s.findByRole('heading', t('hotline-home-heading'), { timeout: 20000 });
      await j.checkpoint('hotline-home');
      await s.click(await s.findByRole('button', t('hotline-start')));

      // The kind: five, each explained in plain words.
      await j.heading(question('request-type', lang), 15000);
      for (const code of ['consultation', 'help', 'complaint', 'report', 'suggestion']) {
        await s.findByRole('radio', option('request-type', code, lang));
      }
      await j.checkpoint('hotline-type');
      await choose('request-type', option('request-type', 'complaint', lang));

      let previous = await j.answer(text.description, { expectQuestion: question('description', lang) });
      previous = await j.nextPage(previous);
      await j.answer(text.location, { expectQuestion: question('location', lang) });

      // Photos: two, through the attachment field; at most three are taken.
      await j.heading(question('scene-photos', lang), 10000);
      for (const photo of photos) {
        // The chooser that adds a file is the last file input (each listed file has its own
        // "Replace" input before it).
        const inputs = await s.findAll('input[type=file]');
        await s.sendKeys(inputs[inputs.length - 1], photo.path);
        await waitForText(photo.name, `${photo.name} is listed`, 15000);
        await s.findByRole('button', t('attachment-remove', { name: photo.name }));
      }
      for (const photo of photos) assert.ok((await mainText()).includes(normalizeName(photo.name)), `${photo.name} is still listed`);
      await j.checkpoint('hotline-photos');
      await continueFrom(question('scene-photos', lang));

      // Anonymous or not: what it means is said with the question.
      await j.heading(question('anonymous', lang), 10000);
      assert.ok((await mainText()).includes(hint('anonymous', lang)), 'what anonymity means is said');
      await j.checkpoint('hotline-anonymous');
      await choose('anonymous', t('boolean-no'));
      await j.answer('13800138000', { expectQuestion: question('contact-mobile', lang) });

      // The check page: every answer, both photos.
      await j.heading(t('check-heading'), 10000);
      const check = await mainText();
      for (const expected of [option('request-type', 'complaint', lang), text.description, text.location, ...photos.map(p => p.name), '13800138000']) {
        assert.ok(check.includes(normalizeName(expected)), `the check page shows "${expected}"`);
      }
      await j.checkpoint('hotline-check');

      // The first send gets a 503 (Retry-After 20 s, so the page stays put for its checkpoint): saved and
      // being sent, then raised by itself, exactly once.
      const fault = await fetch(`${base}/admin/faults`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ count: 1, route: 'hotlineRequests', action: { kind: 'status', status: 503, retryAfter: 20 } }),
      });
      assert.equal(fault.status, 204);
      await s.click(await s.findByRole('button', t('check-submit')));
      await j.heading(t('confirm-heading-saved-hotline'), 30000);
      assert.ok((await mainText()).includes(normalizeName(t('confirm-saved-next-hotline'))), 'what happens while it waits is said');
      // The focused panel scrolls the header away, and in English the page's one button is below
      // the fold: the AT-SPI check counts only controls on screen, so the page is shown from its top
      // — once the panel has taken the focus (after the window title: a scroll before it was undone
      // by the panel's scrollIntoView, and the check found nothing on screen).
      await s.waitFor(() => s.execute('return !!document.activeElement && document.activeElement.matches(".panel[role=region]")'),
        { timeout: 10000, message: 'focus on the confirmation panel' });
      await s.execute('window.scrollTo(0, 0)');
      await j.checkpoint('hotline-saved');
      await j.heading(t('confirm-heading-hotline'), 90000);
      const id = await s.waitFor(() => s.execute(`
        const n = document.querySelector('.case-number');
        return n && n.textContent.trim() ? n.textContent.replace(/\\s+/g, '') : null;`), { timeout: 10000, message: 'the request number' });
      assert.match(id, /^H\d{8}[0-9a-f]{16}$/);
      assert.ok((await mainText()).includes(normalizeName(t('confirm-hotline-number-note'))));
      await j.checkpoint('hotline-confirmation');

      const [row] = query(backend, `SELECT COUNT(*) AS n FROM hotline_requests`);
      assert.equal(row.n, 1, 'the backend holds one request');
      const [raised] = query(backend, `SELECT type, location, photos, anonymous, contact_mobile FROM hotline_requests WHERE id = '${id}'`);
      assert.deepEqual({ type: raised.type, location: raised.location, anonymous: raised.anonymous, mobile: raised.contact_mobile },
        { type: 'complaint', location: text.location, anonymous: 0, mobile: '13800138000' });
      const uploads = JSON.parse(raised.photos);
      assert.equal(uploads.length, 2);
      for (const [i, upload] of uploads.entries()) {
        const [u] = query(backend, `SELECT sha256, complete, file_name FROM uploads WHERE id = '${upload.replace(/'/g, '')}'`);
        assert.deepEqual(u, { sha256: sha256(photos[i].bytes), complete: 1, file_name: photos[i].name }, `photo ${i + 1} arrived whole`);
      }

      // My applications: the request with its status in words.
      await s.click(await s.findByRole('button', t('confirm-home')));
      await j.heading(t('home-heading'));
      await waitForText(t('hotline-status-accepted'), 'the status on the home page');
      await waitForText(t('applications-hotline-number', { number: id }), 'the request number on the home page');
      await j.checkpoint('hotline-home-listed');

      // The back office dispatches, handles and replies; the page shows each step and the reply.
      await move(id, 'dispatched');
      await move(id, 'handled');
      await move(id, 'replied', { zhCN: TEXT['zh-CN'].reply, enUS: TEXT['en-US'].reply });
      await waitForText(t('hotline-status-replied'), 'the reply on the home page');
      const service = normalizeName(localized(FORM.title, FORM._title, lang));
      await s.click(await s.findByRole('button', t('applications-view', { service })));
      await j.heading(t('hotline-page-heading', { kind: t('hotline-type-complaint') }), 15000);
      let page = await mainText();
      for (const expected of [id, t('hotline-status-replied'), t('hotline-next-replied'), text.reply, text.description, text.location,
        t('hotline-event-accepted'), t('hotline-event-dispatched'), t('hotline-event-handled'), t('hotline-event-replied'), ...photos.map(p => p.name)]) {
        assert.ok(page.includes(normalizeName(expected)), `the request's page shows "${expected}"`);
      }
      assert.equal((await s.findAll('ol.timeline > li')).length, 4);
      assert.equal((await s.findAll('input[type=radio]')).length, 0, 'no rating before the follow-up visit');
      await j.checkpoint('hotline-replied');

      // Closed, then the follow-up visit: the rating form appears.
      await move(id, 'closed');
      await move(id, 'follow-up-visit');
      await s.click(await s.findByRole('button', t('case-refresh')));
      await s.findByRole('group', t('hotline-rate-legend'), { selector: 'fieldset, [role=group]', timeout: 15000 });
      page = await mainText();
      for (const expected of [t('hotline-status-follow-up-visit'), t('hotline-next-rate'), t('hotline-event-closed'), t('hotline-event-follow-up-visit')]) {
        assert.ok(page.includes(normalizeName(expected)), `the request's page shows "${expected}"`);
      }
      await j.checkpoint('hotline-follow-up-visit');

      // Rated once: five levels and a comment.
      await s.waitFor(async () => {
        const radio = await s.findByRole('radio', t('rate-level-5'));
        if (!(await s.property(radio, 'checked'))) await s.click(radio);
        return s.property(radio, 'checked');
      }, { timeout: 10000, message: 'the rating is chosen' });
      await s.type(await s.findByRole('textbox', t('rate-comment-label'), { selector: 'textarea' }), text.comment);
      await s.click(await s.findByRole('button', t('rate-submit')));
      await s.findByRole('heading', t('rate-thanks-heading'), { timeout: 15000 });
      await waitForText(t('hotline-status-rated'), 'the status after rating');
      await waitForText(t('rate-comment-given', { comment: text.comment }), 'the comment given');
      assert.equal((await s.findAll('input[type=radio]')).length, 0, 'no second rating form');
      await j.checkpoint('hotline-rated');

      // Once: the backend keeps one rating and refuses another (409).
      const again = await fetch(`${base}/v1/hotline-requests/${id}/rating`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ level: 1 }),
      });
      assert.equal(again.status, 409);
      const ratings = query(backend, `SELECT level, comment FROM ratings WHERE subject_kind = 'hotline' AND subject_id = '${id}'`);
      assert.deepEqual(ratings, [{ level: 5, comment: text.comment }]);
      j.log(`request ${id}: raised once, followed to its visit, rated once`);
    } finally {
      await j.stop();
    }
    writeFileSync(join(LOG_DIR, `hotline-${lang}-axe.json`), JSON.stringify(j.violations, null, 2));
    assert.equal(j.violations.length, 0, `accessibility problems:\n${j.violations.map(v => `${v.step}:\n${formatViolations(v.violations)}`).join('\n')}`);
  });
}
