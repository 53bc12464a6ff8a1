// End-to-end: a resident finds a service by typing in the real app — pinyin initials, a
// two-character word, a plain-language synonym, a typo — sees how many were found, reaches the
// result by Tab and starts it. A life event's name offers its bundle above the services. Searching works from the cached catalogue (the core's index); the
// service names come from the reference backend's Full demo catalogue.

import { test } from 'node:test';
import assert from 'node:assert/strict';

import { elementRef, normalizeName } from './lib/webdriver.mjs';
import { Journey, LANGS, LOG_DIR, formatViolations, preflight } from './lib/journey.mjs';

const NAMES = {
  'zh-CN': { allowance: '高龄津贴申请', seniorCard: '老年人优待证办理' },
  'en-US': { allowance: 'Old-age allowance application', seniorCard: 'Senior citizen card' },
};

for (const lang of LANGS) {
  test(`search: find and start a service by what the resident types, ${lang}`, { timeout: 6 * 60 * 1000 }, async () => {
    preflight();
    const j = new Journey(lang);
    const t = j.t;
    await j.start();
    try {
      const s = await j.openApp();
      await j.heading(j.tDefault('home-heading'), 30000);
      if (lang !== 'zh-CN') await j.switchLanguage(lang);
      const field = await s.findByRole('searchbox', t('search-label'), { selector: 'input', timeout: 20000 });

      /** Types a query (replacing the last) and returns the result heading's text and the result names. */
      const search = async (query) => {
        await s.execute('const f = arguments[0]; f.value = ""; f.dispatchEvent(new Event("input", { bubbles: true }));', [elementRef(field)]);
        await s.type(field, query);
        const heading = await s.waitFor(async () => {
          const h = await s.tryFind('h3.search-count');
          if (!h) return null;
          const text = normalizeName(await s.computedLabel(h));
          return text.includes(query) ? text : null;
        }, { message: `the result heading for "${query}"` });
        const buttons = await s.findAll('.service-list button.button-service');
        const names = [];
        for (const b of buttons) names.push(normalizeName(await s.computedLabel(b)));
        return { heading, names };
      };

      const initials = await search('gljt');
      assert.match(initials.heading, /\d/, 'the heading says how many were found');
      assert.equal(initials.names[0], normalizeName(NAMES[lang].allowance), 'pinyin initials find the old-age allowance first');
      const synonym = await search('老年证');
      assert.ok(synonym.names.slice(0, 3).includes(normalizeName(NAMES[lang].seniorCard)), `老年证 finds the senior card in the first three: ${synonym.names}`);
      const typo = await search('gaolingjintei');
      assert.equal(typo.names[0], normalizeName(NAMES[lang].allowance), 'one typing mistake in pinyin is forgiven');
      const two = await search('社保');
      assert.ok(two.names.length > 0, 'a two-character query finds something');
      // A life event's name also offers its bundle (一件事一次办), above the services found.
      const retiring = await search(lang === 'en-US' ? 'retiring' : '退休');
      assert.ok(retiring.names.length > 0, `the retiring services are found too: ${retiring.names}`);
      const bundle = lang === 'en-US' ? 'Retiring: everything at once' : '退休一件事';
      await s.findByRole('region', `${t('bundle-offer-heading')} ${bundle}`, { timeout: 10000 });
      await s.findByRole('button', t('bundle-start-button', { bundle }), { selector: '.bundle-offer button' });
      await j.checkpoint('search-bundle');
      const none = await search('zzzzqqqq');
      assert.equal(none.heading, normalizeName(t('search-none', { query: 'zzzzqqqq' })));
      await j.checkpoint('search-none');

      const found = await search('gljt');
      await j.checkpoint('search-results');
      // Focus is still in the field; Tab goes through the search buttons to the first result.
      assert.ok(await j.isActive(field), 'typing leaves focus in the search field');
      // Tab from the field passes the Search (and Clear) buttons and reaches the first result.
      let reached = null;
      for (let i = 0; i < 4 && !reached; i++) {
        await s.sendKeys(await s.activeElement(), '\uE004');
        reached = await s.execute('const a = document.activeElement; return a && a.matches(".service-list button") ? a.textContent.trim() : null');
      }
      assert.equal(normalizeName(reached ?? ''), found.names[0], 'Tab reaches the first result by its name');
      const result = await s.findByRole('button', NAMES[lang].allowance, { selector: '.service-list button' });
      await s.click(result);
      const question = await j.nextPage(normalizeName(t('home-heading')));
      assert.notEqual(question, '', 'the service opened on its first question');
      assert.deepEqual(j.violations, [], `accessibility violations (screenshots in ${LOG_DIR}):\n${j.violations.map(v => `${v.step}:\n${formatViolations(v.violations)}`).join('\n')}`);
    } finally {
      await j.stop();
    }
  });
}
