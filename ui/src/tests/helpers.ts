import axe from 'axe-core';
import { expect } from 'vitest';
import { setLang, type Lang } from '../lib/i18n';
import { go } from '../lib/nav.svelte';

/** A <main> landmark to render a screen into, as App.svelte does. */
export function mainTarget(): HTMLElement {
  const main = document.createElement('main');
  main.id = 'main';
  main.tabIndex = -1;
  document.body.appendChild(main);
  return main;
}

export async function expectNoAxeViolations(root: Element | Document = document): Promise<void> {
  const result = await axe.run(root as Element, {
    rules: {
      // jsdom does no layout or colour computation; contrast is checked in the real WebKit
      // end-to-end run (tests/e2e), and the colour pairs are documented in src/app.css.
      'color-contrast': { enabled: false },
    },
  });
  const summary = result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  expect(summary).toEqual([]);
}

export const LANGS: Lang[] = ['zh-CN', 'en-US'];

/** Set the language and reset the router, so no state leaks between tests. */
export function useLang(lang: Lang): void {
  setLang(lang);
  go({ name: 'home' });
}
