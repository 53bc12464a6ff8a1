// The polite live region (role="status" in App.svelte). Screens call announce() once per event
// (saved, sending, sent) — never per keystroke. The text is cleared first so that the same
// message said twice in a row is announced again.
//
// Orca 43 on WebKitGTK has no live-region support: the same text also goes in front of the
// window's next title (lib/window-title.ts), which Orca speaks.
import { statusToWindowTitle } from './window-title';

export const liveRegion = $state<{ text: string }>({ text: '' });

let pending: ReturnType<typeof setTimeout> | undefined;
let clearing: ReturnType<typeof setTimeout> | undefined;

export function announce(text: string): void {
  clearTimeout(pending);
  clearTimeout(clearing);
  liveRegion.text = '';
  statusToWindowTitle(text);
  pending = setTimeout(() => {
    liveRegion.text = text;
    // Remove stale text so a screen-reader user browsing later does not meet an old status.
    clearing = setTimeout(() => {
      liveRegion.text = '';
    }, 10_000);
  }, 100);
}
