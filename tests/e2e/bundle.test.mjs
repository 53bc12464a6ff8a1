// End-to-end: a life-event bundle of two services (一件事一次办) in the real app. From Home the
// resident browses the life event "retiring" and starts "do these together" for its bundle
// (the residents' pension claim and the residents' medical insurance). The questions both
// forms share (name, ID number, mobile) are asked once, each page saying so; then each
// service's own questions, each page naming its service. Half-way the app is closed and opened
// again: My applications shows the two under the bundle's name and "Continue" takes her back
// to the next unanswered question. One check page lists the shared answers once and each
// service's own, every Change link naming its answer and service; one Send files one case per
// service (the practice backend's own database holds exactly two, each with the shared
// answers); the confirmation lists each service with its case number, and My applications
// shows both together. axe-core, the 400 % reflow check and the AT-SPI tree at every step.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

import { normalizeName } from './lib/webdriver.mjs';
import { Journey, LANGS, LOG_DIR, formatViolations, preflight } from './lib/journey.mjs';

process.env.BIANMIN_PRACTICE_TICK_SECS = '0';

const BUNDLE = { 'zh-CN': '退休一件事', 'en-US': 'Retiring: everything at once' };
const PENSION = 'pension-claim';
const MEDICAL = 'resident-medical-insurance';
const NAME = { 'zh-CN': '周桂英', 'en-US': '周桂英' };
const MOBILE = '13900000002';
const ID_NUMBER = '11010519491231002X';

function query(db, sql) {
  const out = execFileSync('sqlite3', ['-json', db, sql], { encoding: 'utf8' }).trim();
  return out ? JSON.parse(out) : [];
}

for (const lang of LANGS) {
  test(`bundle: two services as one journey, shared questions once, one case each, ${lang}`, { timeout: 10 * 60 * 1000 }, async () => {
    preflight();
    const j = new Journey(lang);
    const t = j.t;
    const key = lang === 'en-US' ? 'enUS' : 'zhCN';
    await j.start();
    try {
      let s = await j.openApp();
      await j.heading(j.tDefault('home-heading'), 30000);
      if (lang !== 'zh-CN') await j.switchLanguage(lang);
      await j.heading(t('home-heading'));
      const dataDir = join(j.env.XDG_DATA_HOME, 'cn.bianmin.app');
      const services = await s.execute('return window.__TAURI_INTERNALS__.invoke("list_services")');
      const serviceName = (code) => services.services.find(x => x.code === code).name[key];
      const mainText = async () => normalizeName(await j.mainText());
      // Continue, and again if WebKitWebDriver lost the click (see attach.test.mjs):
      // the page must change.
      const continueFrom = async (heading) => {
        for (let tries = 0; ; tries++) {
          await j.continue();
          const moved = await s.waitFor(async () => (await j.h1Text().catch(() => heading)) !== heading, { timeout: 4000, message: 'the next page' })
            .then(() => true, () => false);
          if (moved) return;
          assert.ok(tries < 3, `Continue leads on from "${heading}"`);
          j.log(`Continue on "${heading}" was lost; clicking it again`);
        }
      };
      // A radio clicked right after its page appears is sometimes lost: click until it is checked.
      const choose = async (name) => {
        const heading = await j.h1Text();
        await s.waitFor(async () => {
          const radio = await s.findByRole('radio', name);
          if (!(await s.property(radio, 'checked'))) await s.click(radio);
          return s.property(radio, 'checked');
        }, { timeout: 10000, message: `the radio "${name}" is chosen` });
        await continueFrom(heading);
      };

      // Browse the life event; the bundle is offered above its services.
      const group = await s.waitFor(async () => (await s.findAll('#life-event-retiring'))[0], { timeout: 20000, message: 'the life event "retiring"' });
      await s.click(group);
      const offer = await s.findByRole('region', `${t('bundle-offer-heading')} ${BUNDLE[lang]}`, { timeout: 10000 });
      assert.ok(offer);
      await j.checkpoint('bundle-offer');
      await s.click(await s.findByRole('button', t('bundle-start-button', { bundle: BUNDLE[lang] })));

      // The start page: what it is and its two services.
      await j.heading(BUNDLE[lang], 20000);
      const intro = await mainText();
      for (const code of [PENSION, MEDICAL]) assert.ok(intro.includes(normalizeName(serviceName(code))), `the start page names ${code}`);
      await j.checkpoint('bundle-start');
      await s.click(await s.findByRole('button', t('bundle-begin', { bundle: BUNDLE[lang] })));

      // Shared questions, once each, said so on the page.
      const shared = normalizeName(t('bundle-question-shared', { count: 2 }));
      const nameQuestion = await j.answer(NAME[lang]);
      await s.waitFor(async () => (await j.h1Text()) !== nameQuestion, { message: 'the ID number page' });
      assert.ok((await mainText()).includes(shared), 'the ID number page says it is asked once for both');
      await j.checkpoint('bundle-shared-question');
      const idQuestion = await j.answer(ID_NUMBER);
      await j.nextPage(idQuestion);
      assert.ok((await mainText()).includes(shared), 'the mobile page says it is asked once for both');
      const mobileQuestion = await j.answer(MOBILE);
      await j.nextPage(mobileQuestion);

      // The pension claim's own question: yes, to her own social security card.
      const forPension = normalizeName(t('bundle-question-for', { service: serviceName(PENSION) }));
      assert.ok((await mainText()).includes(forPension), 'the page names the service it is for');
      await j.checkpoint('bundle-own-question');
      await choose(t('boolean-yes'));
      // The photo of the bank card is optional: go on without one.
      await continueFrom(await j.h1Text());
      const forMedical = normalizeName(t('bundle-question-for', { service: serviceName(MEDICAL) }));
      await s.waitFor(async () => (await mainText()).includes(forMedical), { message: 'the medical insurance question' });

      // Closed and opened again: the journey waits under My applications, together.
      await j.closeApp();
      s = await j.openApp();
      await j.heading(t('home-heading'), 30000);
      const groupHeading = await s.findByRole('heading', BUNDLE[lang], { selector: 'main h3', timeout: 15000 });
      assert.ok(groupHeading);
      const inGroup = await s.execute('return [...document.querySelectorAll(".bundle-group h4")].map(h => h.textContent.trim());');
      assert.deepEqual(inGroup.map(normalizeName), [serviceName(PENSION), serviceName(MEDICAL)].map(normalizeName), 'both applications under the bundle');
      await j.checkpoint('bundle-my-applications-draft');
      await s.click(await s.findByRole('button', t('bundle-continue', { bundle: BUNDLE[lang] })));
      await s.waitFor(async () => (await mainText()).includes(forMedical), { timeout: 15000, message: 'back at the medical insurance question' });

      // The medical insurance's own questions: never insured elsewhere; the address.
      await choose(t('boolean-no'));
      await j.answer('北京市东城区和平里 3 号楼 2 单元 301');

      // One check page: the shared answers once, then each service's own.
      await j.heading(t('bundle-check-heading'), 15000);
      const h2 = await s.execute('return [...document.querySelectorAll("main h2")].map(h => h.textContent.trim());');
      assert.deepEqual(h2.map(normalizeName), [t('bundle-check-shared-heading', { count: 2 }), serviceName(PENSION), serviceName(MEDICAL)].map(normalizeName));
      const check = await mainText();
      assert.equal(check.split(normalizeName(NAME[lang])).length - 1, 1, 'the name is listed once');
      const changes = await s.execute('return [...document.querySelectorAll("main a.change-link")].map(a => a.textContent.replace(/\\s+/g, " ").trim());');
      assert.ok(changes.length >= 6, `Change links: ${changes.length}`);
      assert.ok(changes.includes(normalizeName(`${t('check-change')} ${t('bundle-change-shared', { question: nameQuestion })}`)),
        'the shared name\'s Change link says it changes it for every service');
      for (const c of changes) {
        assert.ok(c.length > normalizeName(t('check-change')).length + 1, `"${c}" names its answer`);
      }
      assert.ok(changes.some(c => c.includes(normalizeName(serviceName(MEDICAL)))), 'a Change link names the medical insurance');
      await j.checkpoint('bundle-check');

      // One Send: one case per service.
      await s.click(await s.findByRole('button', t('bundle-submit', { count: 2 })));
      await j.heading(t('bundle-confirm-heading'), 40000);
      const numbers = await s.waitFor(async () => {
        const n = await s.execute('return [...document.querySelectorAll("main .case-number")].map(e => e.textContent.replace(/\\s+/g, ""));');
        return n.length === 2 ? n : null;
      }, { timeout: 15000, message: 'two case numbers' });
      assert.notEqual(numbers[0], numbers[1]);
      const confirmation = await mainText();
      for (const code of [PENSION, MEDICAL]) assert.ok(confirmation.includes(normalizeName(serviceName(code))), `the confirmation names ${code}`);
      await j.checkpoint('bundle-confirmation');

      // The practice backend filed exactly these two, each with the answers given once.
      const filed = query(join(dataDir, 'practice-backend.sqlite'), 'SELECT case_number, service_code, response FROM cases ORDER BY seq');
      // Sent at the same time: filed in either order, one case per service.
      assert.deepEqual(filed.map(c => c.service_code).sort(), [PENSION, MEDICAL].sort());
      const numberOf = (code) => filed.find(c => c.service_code === code).case_number;
      assert.deepEqual([numberOf(PENSION), numberOf(MEDICAL)], numbers, 'each service shown with its own case number');
      for (const c of filed) {
        for (const value of [NAME[lang], MOBILE]) assert.ok(c.response.includes(value), `${c.service_code} carries ${value}`);
      }

      // Home: both under the bundle's name, each with its case number.
      await s.click(await s.findByRole('button', t('confirm-home')));
      await j.heading(t('home-heading'));
      await s.findByRole('heading', BUNDLE[lang], { selector: 'main h3', timeout: 10000 });
      const home = await mainText();
      for (const n of numbers) assert.ok(home.includes(n), `My applications shows ${n}`);
      await j.checkpoint('bundle-my-applications-sent');
    } catch (e) {
      if (j.s) {
        await j.s.screenshot(join(LOG_DIR, `${lang}-bundle-failure.png`)).catch(() => {});
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
