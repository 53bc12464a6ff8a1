// Unit tests of the end-to-end test's own helpers (no app, no driver needed).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { parseFtl, formatPattern, loadLocale } from './lib/ftl.mjs';
import { checkCharacter, validId, wrongCheckId } from './lib/resident-id.mjs';
import { normalizeName, normalizeRole } from './lib/webdriver.mjs';

const locales = join(resolve(dirname(fileURLToPath(import.meta.url)), '../..'), 'locales');

test('ftl: ids, continuation lines, comments, attributes, literals and variables', () => {
  const m = parseFtl([
    '# comment',
    '## group',
    'a = 甲',
    'b = Error:{" "}',
    'c = Question { $current } of { $total }',
    'd =',
    '    first line',
    '    second line',
    '    .title = ignored',
    'e = x',
  ].join('\n'));
  assert.equal(m.get('a'), '甲');
  assert.equal(formatPattern(m.get('b')), 'Error: ');
  assert.equal(formatPattern(m.get('c'), { current: 2, total: 3 }), 'Question 2 of 3');
  assert.equal(m.get('d'), 'first line\nsecond line');
  assert.equal(m.get('e'), 'x');
  assert.throws(() => formatPattern(m.get('c'), {}), /missing argument/);
});

test('ftl: selectors choose an exact key, else the plural category, else the default', () => {
  const m = parseFtl([
    'n = { $count ->',
    '    [0] nothing',
    '    [one] one file',
    '   *[other] { $count } files',
    '}',
    'after = still read',
  ].join('\n'));
  assert.equal(formatPattern(m.get('n'), { count: 0 }, 'en-US'), 'nothing');
  assert.equal(formatPattern(m.get('n'), { count: 1 }, 'en-US'), 'one file');
  assert.equal(formatPattern(m.get('n'), { count: 3 }, 'en-US'), '3 files');
  // Chinese has no "one" category: the default.
  assert.equal(formatPattern(m.get('n'), { count: 1 }, 'zh-CN'), '1 files');
  assert.equal(m.get('after'), 'still read');
});

test('ftl: every id the journey uses exists in both languages', () => {
  const ids = ['button-continue', 'check-change', 'check-submit', 'check-heading', 'home-heading',
    'practice-mode-badge', 'error-summary-title', 'error-title-prefix', 'error-id-check-digit',
    'confirm-heading', 'confirm-case-number-label', 'home-my-applications-heading',
    'applications-case-number', 'language-label', 'page-title', 'app-name'];
  for (const lang of ['zh-CN', 'en-US']) {
    const t = loadLocale(locales, lang);
    for (const id of ids) assert.ok(t.has(id), `${lang} has ${id}`);
  }
});

test('resident ID: GB 11643 check character', () => {
  assert.equal(checkCharacter('11010519491231002'), 'X');
  assert.equal(validId('11010519491231002'), '11010519491231002X');
  assert.equal(checkCharacter('44052418800101001'), '4');
  const wrong = wrongCheckId('11010519491231002');
  assert.equal(wrong.length, 18);
  assert.notEqual(wrong, '11010519491231002X');
  assert.match(wrong, /^\d{18}$/);
});

test('names and roles are compared as assistive technology reads them', () => {
  assert.equal(normalizeName('  修改\u2068 申请人的姓名\u2069 \n'), '修改 申请人的姓名');
  assert.equal(normalizeRole('PopUpButton'), 'combobox');
  assert.equal(normalizeRole('button'), 'button');
});
