// The high-contrast theme: a class on <html>, kept across restarts. The OS setting
// (prefers-contrast: more) applies the same theme through CSS without this switch.
const KEY = 'bianmin.highContrast';

function initial(): boolean {
  try {
    return globalThis.localStorage?.getItem(KEY) === '1';
  } catch {
    return false;
  }
}

export const contrast = $state<{ high: boolean }>({ high: initial() });

function apply(): void {
  if (typeof document !== 'undefined') document.documentElement.classList.toggle('high-contrast', contrast.high);
}
apply();

export function setHighContrast(on: boolean): void {
  contrast.high = on;
  apply();
  try {
    globalThis.localStorage?.setItem(KEY, on ? '1' : '0');
  } catch {
    // not persisted
  }
}
