import { tick } from 'svelte';
import { titleSettled } from './window-title';

/**
 * Move focus after the DOM has updated and the window's title has been set (used for page
 * headings, the confirmation panel and error summaries). Orca speaks both the title and the
 * focused element and each interrupts the other: focus last, so what gets focus is heard in full.
 *
 * It never takes the focus the resident moved while waiting (a click into a field), nor the focus
 * on the header's controls: a page is re-created while the focus is there only when the language
 * changes (App.svelte), and the resident is still on the language select.
 */
export async function focusSoon(el: () => HTMLElement | null | undefined): Promise<void> {
  await tick();
  const before = document.activeElement;
  await titleSettled();
  const target = el();
  if (!target) return;
  // The resident has moved on while the title was set (clicked or typed in a field): leave it.
  if (document.activeElement !== before) return;
  if (document.activeElement?.closest('.site-header')) return;
  target.focus();
  target.scrollIntoView?.({ block: 'start' });
}

/**
 * How long an error-summary link waits before it moves focus to the field (see focusById): long
 * enough for Orca to take the caret in the link before the focus arrives. 100 ms left Orca silent
 * in 2 of 4 journeys of one full test run (the first attempt in each language).
 */
export const FOLLOW_DELAY_MS = 250;

/**
 * Follow an error-summary link to its field (by id); false when there is no such field.
 *
 * Orca 43's WebKitGtk script stays silent when focus lands on the object that last had its caret
 * (the field the resident typed in before the error): it takes the focus event for caret
 * movement it has already spoken (tests/screen-reader/FINDINGS.md, F6). So the caret is put in the
 * link first — where the resident is — and the field gets focus a moment later, as a new place:
 * Orca then says its label, error and hint, like every other screen reader.
 */
export function focusById(id: string, from?: HTMLElement | null): boolean {
  const target = document.getElementById(id);
  if (!target) return false;
  const text = from?.firstChild;
  if (text) document.getSelection()?.collapse(text, 0);
  setTimeout(() => {
    target.focus();
    target.scrollIntoView?.({ block: 'center' });
  }, FOLLOW_DELAY_MS);
  return true;
}

const TABBABLE =
  'a[href], button:not([disabled]), input:not([disabled]):not([type="hidden"]), select:not([disabled]), textarea:not([disabled]), [tabindex]';

/** What Tab reaches, in document order (radios: every one; a group's Tab stop is decided by the webview). */
function tabStops(): HTMLElement[] {
  return [...document.querySelectorAll<HTMLElement>(TABBABLE)].filter(
    (el) =>
      el.tabIndex >= 0 &&
      !el.closest('[hidden], [inert]') &&
      (typeof el.checkVisibility === 'function' ? el.checkVisibility({ visibilityProperty: true }) : true),
  );
}

/**
 * Tab from the page's last control goes on to its first one (the skip link), Shift+Tab from the
 * first to the last: the window is the whole app, so there is nothing outside the page to reach.
 * Left to WebKitGTK, focus went out to the window's empty container for one Tab, which Orca 43
 * reads as only "grayed." and where a sighted keyboard user sees no focus at all
 * (tests/screen-reader/FINDINGS.md, F8). Installed on the document by App.svelte.
 */
export function wrapTab(event: KeyboardEvent): void {
  // Shift+Tab comes from GTK as ISO_Left_Tab: WebKitGTK gives it the Tab key's code, not always its name.
  const isTab = event.key === 'Tab' || event.code === 'Tab' || event.keyCode === 9;
  if (!isTab || event.altKey || event.ctrlKey || event.metaKey || event.defaultPrevented) return;
  const stops = tabStops();
  if (stops.length === 0) return;
  const active = document.activeElement;
  const [first, last] = [stops[0], stops[stops.length - 1]];
  // A radio group is one Tab stop: the last stop may be any radio of the last group.
  const isLast = active === last || (active instanceof HTMLInputElement && active.type === 'radio' && last instanceof HTMLInputElement && last.type === 'radio' && active.name === last.name && active.form === last.form);
  const target = event.shiftKey ? (active === first ? last : null) : isLast ? first : null;
  if (!target) return;
  event.preventDefault();
  target.focus();
}
