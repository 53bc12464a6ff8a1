import { tick } from 'svelte';

/** Move focus after the DOM has updated (used for page h1s and error summaries). */
export async function focusSoon(el: () => HTMLElement | null | undefined): Promise<void> {
  await tick();
  const target = el();
  if (!target) return;
  target.focus();
  target.scrollIntoView?.({ block: 'start' });
}

/** Focus an element by id (error-summary links). */
export function focusById(id: string): boolean {
  const target = document.getElementById(id);
  if (!target) return false;
  target.focus();
  target.scrollIntoView?.({ block: 'center' });
  return true;
}
