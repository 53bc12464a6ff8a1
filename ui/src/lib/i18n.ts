// Fluent localisation. Every user-facing string comes from locales/<lang>/ui.ftl or errors.ftl.
import { FluentBundle, FluentResource, type FluentVariable } from '@fluent/bundle';
import type { LocalizedText } from '../bindings/LocalizedText';
import zhUi from '../../../locales/zh-CN/ui.ftl?raw';
import zhErrors from '../../../locales/zh-CN/errors.ftl?raw';
import enUi from '../../../locales/en-US/ui.ftl?raw';
import enErrors from '../../../locales/en-US/errors.ftl?raw';
import { DEFAULT_LANG, locale, type Lang } from './locale.svelte';
import { info } from './app-info.svelte';

export { LANGUAGES, setLang, locale, type Lang } from './locale.svelte';

/** Arguments as they arrive from Rust (`Record<string,string>`, possibly with optional keys) or from the UI. */
export type MessageArgs = { [key: string]: string | number | undefined };

function makeBundle(lang: Lang, sources: string[]): FluentBundle {
  // useIsolating: false — no bidi isolation marks; the UI only mixes CJK and Latin scripts.
  const bundle = new FluentBundle(lang, { useIsolating: false });
  for (const source of sources) {
    const errors = bundle.addResource(new FluentResource(source));
    for (const e of errors) console.warn(`[i18n] ${lang}: ${e.message}`);
  }
  return bundle;
}

const bundles: Record<Lang, FluentBundle> = {
  'zh-CN': makeBundle('zh-CN', [zhUi, zhErrors]),
  'en-US': makeBundle('en-US', [enUi, enErrors]),
};

const warned = new Set<string>();
function warnOnce(key: string, text: string): void {
  if (warned.has(key)) return;
  warned.add(key);
  console.warn(text);
}

function toFluentArgs(args: MessageArgs | undefined): Record<string, FluentVariable> {
  const out: Record<string, FluentVariable> = {};
  if (!args) return out;
  for (const [k, v] of Object.entries(args)) {
    if (v !== undefined && v !== null) out[k] = v;
  }
  return out;
}

function format(bundle: FluentBundle, id: string, args: MessageArgs | undefined): string | null {
  const message = bundle.getMessage(id);
  if (!message?.value) return null;
  const errors: Error[] = [];
  const text = bundle.formatPattern(message.value, toFluentArgs(args), errors);
  for (const e of errors) warnOnce(`${bundle.locales[0]}:${id}:${e.message}`, `[i18n] ${id}: ${e.message}`);
  return text;
}

/**
 * Translate a message id in the current language. Reactive: reading it inside a component or
 * $effect re-runs when the language changes. Missing ids fall back to zh-CN, then to the id itself
 * (with a warning); it never throws.
 */
export function t(id: string, rawArgs?: MessageArgs): string {
  const lang = locale.lang;
  // Messages that name the hotline get it from Rust; errors made in the UI (e.g. error-internal
  // from ipc.ts) do not carry it, so the configured hotline is the default.
  const args: MessageArgs = { hotline: info.hotline, ...rawArgs };
  try {
    const text = format(bundles[lang], id, args);
    if (text !== null) return text;
    if (lang !== DEFAULT_LANG) {
      warnOnce(`${lang}:${id}`, `[i18n] missing message "${id}" in ${lang}; using ${DEFAULT_LANG}`);
      const fallback = format(bundles[DEFAULT_LANG], id, args);
      if (fallback !== null) return fallback;
    }
  } catch (e) {
    warnOnce(`${lang}:${id}:throw`, `[i18n] formatting "${id}" failed: ${String(e)}`);
  }
  warnOnce(`missing:${id}`, `[i18n] missing message "${id}"`);
  return id;
}

/** Text the backend sends in both languages: enUS when the UI is English and it is non-empty, else zhCN. */
export function localized(text: LocalizedText | null | undefined): string {
  if (!text) return '';
  if (locale.lang === 'en-US' && text.enUS && text.enUS.trim() !== '') return text.enUS;
  return text.zhCN;
}

/** The document title for a page: "<heading> – <app name>", prefixed when the page shows an error. */
export function pageTitle(heading: string, hasError = false): string {
  const title = t('page-title', { page: heading, app: t('app-name') });
  return hasError ? `${t('error-title-prefix')}${title}` : title;
}
