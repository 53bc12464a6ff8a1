// End-to-end: a caregiver applies for the disability subsidies in the real app. The form uses
// every common question kind of the form engine: an information page, yes/no, a conditional group,
// radios, checkboxes, a day/month/year date (with an error naming the missing part), whole and
// decimal numbers, a multi-line answer, an optional question left blank. Question texts come from
// the demo form the reference backend serves, and UI names from locales/, so nothing is hard-coded.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { normalizeName } from './lib/webdriver.mjs';
import { Journey, LANGS, LOG_DIR, formatViolations, preflight, root } from './lib/journey.mjs';
import { validId } from './lib/resident-id.mjs';

const FORM = JSON.parse(readFileSync(join(root, 'crates/server/demo/forms/disability-subsidy.json'), 'utf8'));
const SERVICE_NAME = { 'zh-CN': '残疾人两项补贴申请', 'en-US': 'Disability subsidies application' };

/** Every item of the form by linkId, groups included. */
function items(list = FORM.item, out = new Map()) {
  for (const i of list) {
    out.set(i.linkId, i);
    if (i.item) items(i.item, out);
  }
  return out;
}
const ITEMS = items();

/** The text in `lang` from the FHIR translation extension, or the Chinese. */
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

for (const lang of LANGS) {
  test(`journey: disability subsidies with every question kind, ${lang}`, { timeout: 8 * 60 * 1000 }, async () => {
    preflight();
    const j = new Journey(lang);
    const t = j.t;
    await j.start();
    try {
      const s = await j.openApp();
      await j.heading(j.tDefault('home-heading'), 30000);
      if (lang !== 'zh-CN') await j.switchLanguage(lang);
      await s.click(await s.findByRole('button', SERVICE_NAME[lang], { timeout: 20000 }));

      // An information page: its text is the heading; Continue.
      await j.heading(question('before-you-start', lang), 15000);
      await j.checkpoint('forms-information');
      await j.continue();

      // Yes/no: radios in a group named by the question (the legend is the h1).
      const radio = async (group, name) => {
        await s.findByRole('group', question(group, lang), { selector: 'fieldset, [role=group]', timeout: 10000 });
        return s.findByRole('radio', name);
      };
      // Audit each choice page before choosing: WebKitWebDriver loses the next click when a click,
      // then the 400 % zoom check, come before it (the app is not involved: no click event fires).
      const no = await radio('applying-for-self', t('boolean-no'));
      await j.checkpoint('forms-yes-no');
      await s.click(no);
      await j.continue();

      // "No" opens the agent's questions.
      await j.heading(question('agent-name', lang), 10000);
      await s.type(await s.findByRole('textbox', question('agent-name', lang)), '王小明');
      await j.continue();
      const child = await radio('agent-relationship', option('agent-relationship', 'child', lang));
      await j.checkpoint('forms-radios');
      await s.click(child);
      await j.continue();

      await s.type(await s.findByRole('textbox', question('applicant-name', lang), { timeout: 10000 }), '买买提·艾力');
      await j.continue();
      await s.type(await s.findByRole('textbox', question('applicant-id-number', lang), { timeout: 10000 }), validId('11010519491231002'));
      await j.continue();

      // A date as three named text fields; a missing month is named in the error.
      await s.findByRole('group', question('birth-date', lang), { selector: 'fieldset, [role=group]', timeout: 10000 });
      const year = await s.findByRole('textbox', t('date-year'));
      await s.findByRole('textbox', t('date-month'));
      const day = await s.findByRole('textbox', t('date-day'));
      assert.equal(await s.attribute(year, 'inputmode'), 'numeric');
      await s.type(year, '1949');
      await s.type(day, '31');
      await j.continue();
      const summary = await s.findByRole('region', t('error-summary-title'), { selector: '[role=region]', timeout: 10000 });
      await s.waitFor(() => j.isActive(summary), { timeout: 5000, message: 'focus on the error summary' });
      await s.findByRole('link', t('error-date-missing-month'));
      // The parts are new elements after each new error (Orca reads a re-created field's new
      // description; tests/screen-reader/FINDINGS.md F12): found again by their names.
      assert.equal(await s.value(await s.findByRole('textbox', t('date-year'))), '1949', 'what was typed stays');
      assert.equal(await s.value(await s.findByRole('textbox', t('date-day'))), '31', 'what was typed stays');
      await j.checkpoint('forms-date-error');
      await s.type(await s.findByRole('textbox', t('date-month')), '12');
      await j.continue();

      await s.click(await radio('disability-category', option('disability-category', 'physical', lang)));
      await j.continue();
      await s.click(await radio('disability-grade', option('disability-grade', '1', lang)));
      await j.continue();

      // Several answers: checkboxes.
      await s.findByRole('group', question('subsidies', lang), { selector: 'fieldset, [role=group]', timeout: 10000 });
      await j.checkpoint('forms-checkboxes');
      await s.click(await s.findByRole('checkbox', option('subsidies', 'living', lang)));
      await s.click(await s.findByRole('checkbox', option('subsidies', 'care', lang)));
      await j.continue();

      // Choosing the living subsidy asks about the low-income certificate.
      await s.click(await radio('low-income-certificate', t('boolean-yes')));
      await j.continue();

      const household = await s.findByRole('textbox', question('household-size', lang), { timeout: 10000 });
      assert.equal(await s.attribute(household, 'inputmode'), 'numeric');
      await s.type(household, '3');
      await j.continue();
      await s.type(await s.findByRole('textbox', question('monthly-income', lang), { timeout: 10000 }), '1200.5');
      await j.continue();
      await s.type(await s.findByRole('textbox', question('address', lang), { selector: 'textarea', timeout: 10000 }), '北京市东城区和平里 3 号楼 2 单元 301');
      await j.continue();
      // An optional question may be left blank.
      await s.findByRole('textbox', question('postcode', lang), { timeout: 10000 });
      await j.continue();
      await s.type(await s.findByRole('textbox', question('contact-mobile', lang), { timeout: 10000 }), '13800138000');
      await j.continue();

      // Check answers: options in words, the date in words, the hidden-then-shown answers there.
      await j.heading(t('check-heading'), 10000);
      const text = normalizeName(await j.mainText());
      for (const want of [
        option('disability-category', 'physical', lang),
        option('subsidies', 'living', lang),
        option('subsidies', 'care', lang),
        '王小明',
        lang === 'zh-CN' ? '1949年12月31日' : '31 December 1949',
      ]) {
        assert.ok(text.includes(normalizeName(want)), `the check page shows "${want}"`);
      }
      await j.checkpoint('forms-check-answers');
      await s.click(await s.findByRole('button', t('check-submit')));
      await j.heading(t('confirm-heading'), 20000);
      await j.checkpoint('forms-confirmation');
    } catch (e) {
      if (j.s) await j.s.screenshot(join(LOG_DIR, `${lang}-forms-failure.png`)).catch(() => {});
      throw e;
    } finally {
      await j.stop();
    }
    assert.deepEqual(j.violations.map(v => `${v.step}: ${v.violations.map(x => x.id).join(', ')}`), [],
      `axe-core found violations:\n${j.violations.map(v => `at ${v.step}:\n${formatViolations(v.violations)}`).join('\n')}`);
  });
}
