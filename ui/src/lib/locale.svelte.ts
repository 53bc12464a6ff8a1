// The current UI language as reactive Svelte 5 state. Everything that reads `locale.lang`
// (t(), localized(), document.title effects) re-runs when the language changes.

export const LANGUAGES = ['zh-CN', 'en-US'] as const;
export type Lang = (typeof LANGUAGES)[number];
export const DEFAULT_LANG: Lang = 'zh-CN';

const STORAGE_KEY = 'bianmin.lang';

export function isLang(value: unknown): value is Lang {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

function initialLang(): Lang {
  try {
    const stored = globalThis.localStorage?.getItem(STORAGE_KEY);
    if (isLang(stored)) return stored;
  } catch {
    // localStorage can be unavailable (private mode, kiosk wipe); the default is fine.
  }
  return DEFAULT_LANG;
}

export const locale = $state<{ lang: Lang }>({ lang: initialLang() });

function applyToDocument(lang: Lang): void {
  if (typeof document !== 'undefined') document.documentElement.lang = lang;
}
applyToDocument(locale.lang);

export function setLang(lang: Lang): void {
  locale.lang = lang;
  applyToDocument(lang);
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, lang);
  } catch {
    // Not persisted; the choice still applies for this session.
  }
}
