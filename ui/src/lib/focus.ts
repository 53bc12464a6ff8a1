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

/** How long an error-summary link waits before it moves focus to the field (see focusById). */
export const FOLLOW_DELAY_MS = 100;

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
