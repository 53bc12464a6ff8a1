// Keeps the native window's title equal to the page's document.title. Orca 43 reads WebKitGTK
// content with a script that ignores focus on headings, but it always speaks the window's name:
// with the title following the page (in the UI language), a screen-reader user hears where they
// are on start and after each page change (tests/screen-reader/FINDINGS.md, F1).
import { getCurrentWindow } from '@tauri-apps/api/window';

export function followDocumentTitle(): void {
  // Outside the app (unit tests, a plain browser) there is no window to name.
  if (!('__TAURI_INTERNALS__' in window)) return;
  let last = '';
  const sync = () => {
    const title = document.title;
    if (!title || title === last) return;
    last = title;
    getCurrentWindow()
      .setTitle(title)
      .catch((e: unknown) => console.warn('window title not set', e));
  };
  const head = document.querySelector('head');
  if (head) new MutationObserver(sync).observe(head, { subtree: true, childList: true, characterData: true });
  sync();
}
