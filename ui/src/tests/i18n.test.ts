import { describe, expect, it, vi } from 'vitest';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { FluentResource } from '@fluent/bundle';
import { t, setLang, localized, locale } from '../lib/i18n';

// vitest runs from ui/.
const root = resolve(process.cwd(), '..');
const srcDir = resolve(process.cwd(), 'src');

function ids(path: string): string[] {
  const resource = new FluentResource(readFileSync(join(root, path), 'utf8'));
  return resource.body.map((m) => m.id).sort();
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) return name === 'tests' || name === 'bindings' ? [] : sourceFiles(full);
    return /\.(ts|svelte)$/.test(name) && !name.endsWith('.test.ts') ? [full] : [];
  });
}

describe('Fluent messages', () => {
  const zhUi = ids('locales/zh-CN/ui.ftl');
  const enUi = ids('locales/en-US/ui.ftl');
  const zhErrors = ids('locales/zh-CN/errors.ftl');
  const enErrors = ids('locales/en-US/errors.ftl');

  it('ui.ftl has the same message ids in zh-CN and en-US', () => {
    expect(zhUi.length).toBeGreaterThan(20);
    expect(enUi).toEqual(zhUi);
  });

  it('errors.ftl has the same message ids in zh-CN and en-US', () => {
    expect(enErrors).toEqual(zhErrors);
  });

  it('defines each message id once per file (a second definition is silently dropped)', () => {
    for (const list of [zhUi, enUi, zhErrors, enErrors]) {
      expect(list.filter((id, i) => list.indexOf(id) !== i)).toEqual([]);
    }
  });

  it('parses without syntax errors (no junk entries)', () => {
    for (const path of ['zh-CN/ui.ftl', 'en-US/ui.ftl', 'zh-CN/errors.ftl', 'en-US/errors.ftl']) {
      const text = readFileSync(join(root, 'locales', path), 'utf8');
      const declared = [...text.matchAll(/^([a-zA-Z][\w-]*)\s*=/gm)].map((m) => m[1]).sort();
      expect(ids(`locales/${path}`), path).toEqual(declared);
    }
  });

  it('every t() id used in src/ exists in zh-CN', () => {
    const known = new Set([...zhUi, ...zhErrors]);
    const used = new Set<string>();
    for (const file of sourceFiles(srcDir)) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/\bt\(\s*['"`]([^'"`$]+)['"`]/g)) used.add(m[1]!);
    }
    expect(used.size).toBeGreaterThan(30);
    const missing = [...used].filter((id) => !known.has(id));
    expect(missing).toEqual([]);
  });
});

describe('t() and localized()', () => {
  it('follows the current language and sets <html lang>', () => {
    setLang('zh-CN');
    expect(t('button-continue')).toBe('继续');
    expect(document.documentElement.lang).toBe('zh-CN');
    setLang('en-US');
    expect(t('button-continue')).toBe('Continue');
    expect(document.documentElement.lang).toBe('en-US');
    expect(localStorage.getItem('bianmin.lang')).toBe('en-US');
    setLang('zh-CN');
  });

  it('formats arguments, including strings from Rust', () => {
    setLang('zh-CN');
    expect(t('question-progress', { current: '2', total: '5' })).toBe('第 2 题，共 5 题');
    expect(t('error-too-long', { max: '18', actual: '20' })).toBe('最多可以填写 18 个字，您填写了 20 个');
  });

  it('falls back to the id with a warning for unknown ids, never throwing', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    setLang('en-US');
    expect(t('no-such-message-id')).toBe('no-such-message-id');
    expect(warn).toHaveBeenCalled();
    warn.mockRestore();
    setLang('zh-CN');
  });

  it('localized() picks enUS only when English and non-empty', () => {
    setLang('zh-CN');
    expect(localized({ zhCN: '中', enUS: 'En' })).toBe('中');
    setLang('en-US');
    expect(locale.lang).toBe('en-US');
    expect(localized({ zhCN: '中', enUS: 'En' })).toBe('En');
    expect(localized({ zhCN: '中', enUS: '' })).toBe('中');
    setLang('zh-CN');
  });
});
