// The text-size setting (A2, WCAG 1.4.4): 100 %, 125 %, 150 % or 200 % of the app's standard
// size, kept per device. Everything is sized in rem, so it is applied by setting the root font
// size — as a percentage, never in px, so the OS and webview font scale still multiply it. At
// 100 % nothing is set on <html> and app.css's own percentage applies.
const KEY = 'bianmin.textSize';

export const TEXT_SIZES = [100, 125, 150, 200] as const;
export type TextSize = (typeof TEXT_SIZES)[number];

/** The root font size of app.css (`:root { font-size: 150% }`: 24 px at a 16 px default). */
export const BASE_ROOT_PERCENT = 150;

export function isTextSize(value: unknown): value is TextSize {
  return (TEXT_SIZES as readonly number[]).includes(Number(value)) && String(value).trim() !== '';
}

function initial(): TextSize {
  try {
    const stored = globalThis.localStorage?.getItem(KEY);
    if (isTextSize(stored)) return Number(stored) as TextSize;
  } catch {
    // localStorage unavailable: the standard size.
  }
  return 100;
}

export const textSize = $state<{ percent: TextSize }>({ percent: initial() });

/** The root font size for a setting: "" (app.css decides) at 100 %, else a percentage. */
export function rootFontSize(percent: TextSize): string {
  return percent === 100 ? '' : `${(BASE_ROOT_PERCENT * percent) / 100}%`;
}

function apply(): void {
  if (typeof document !== 'undefined') document.documentElement.style.fontSize = rootFontSize(textSize.percent);
}
apply();

export function setTextSize(percent: TextSize): void {
  textSize.percent = percent;
  apply();
  try {
    globalThis.localStorage?.setItem(KEY, String(percent));
  } catch {
    // Not persisted; it still applies now.
  }
}
