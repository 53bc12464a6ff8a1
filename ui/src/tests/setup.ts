import { afterEach } from 'vitest';
import { cleanup } from '@testing-library/svelte';

// jsdom gaps used by the UI.
if (!Element.prototype.scrollIntoView) {
  Element.prototype.scrollIntoView = function scrollIntoView() {};
}

afterEach(() => {
  cleanup();
  // Screens are rendered into a <main> the tests create; remove it so each test has one main.
  document.body.innerHTML = '';
  document.title = '';
});
