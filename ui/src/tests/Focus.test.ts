// lib/focus.ts: when a page or an error link moves the focus, and when it leaves it alone.
import { describe, expect, it, beforeEach, vi } from 'vitest';
import { tick } from 'svelte';
import { FOLLOW_DELAY_MS, focusById, focusSoon, wrapTab } from '../lib/focus';

function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, parent: Element = document.body): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  parent.appendChild(e);
  return e;
}

describe('focusSoon', () => {
  beforeEach(() => {
    document.body.innerHTML = '';
  });

  it('moves focus to the page target once the title is set', async () => {
    const h1 = el('h1', { tabindex: '-1' });
    await focusSoon(() => h1);
    expect(document.activeElement).toBe(h1);
  });

  it('leaves the focus where the resident put it while waiting', async () => {
    const h1 = el('h1', { tabindex: '-1' });
    const input = el('input');
    const moving = focusSoon(() => h1);
    await tick(); // the page is there, the window title is being set
    input.focus(); // a click into the field before the page took the focus
    await moving;
    expect(document.activeElement).toBe(input);
  });

  it('never takes the focus from the header (the language select after a language change)', async () => {
    const header = el('header', { class: 'site-header' });
    const select = el('select', {}, header);
    select.focus();
    const h1 = el('h1', { tabindex: '-1' });
    await focusSoon(() => h1);
    expect(document.activeElement).toBe(select);
  });
});

describe('focusById (error-summary links)', () => {
  it('puts the caret in the link, then focuses the field a moment later', async () => {
    document.body.innerHTML = '';
    const link = el('a', { href: '#field' });
    link.textContent = '请回答这个问题';
    const input = el('input', { id: 'field' });
    link.focus();
    expect(focusById('field', link)).toBe(true);
    expect(document.getSelection()?.anchorNode).toBe(link.firstChild);
    expect(document.activeElement).toBe(link);
    await new Promise((resolve) => setTimeout(resolve, FOLLOW_DELAY_MS + 20));
    expect(document.activeElement).toBe(input);
    expect(focusById('nowhere', link)).toBe(false);
    vi.restoreAllMocks();
  });
});

describe('wrapTab', () => {
  beforeEach(() => {
    document.body.innerHTML = '';
  });

  function tab(shiftKey = false): KeyboardEvent {
    const e = new KeyboardEvent('keydown', { key: 'Tab', shiftKey, cancelable: true });
    wrapTab(e);
    return e;
  }

  it('goes from the last control to the first, and back with Shift+Tab', () => {
    const skip = el('a', { href: '#main' });
    el('button');
    el('p', { tabindex: '-1' });
    const last = el('button');
    last.focus();
    expect(tab().defaultPrevented).toBe(true);
    expect(document.activeElement).toBe(skip);
    expect(tab(true).defaultPrevented).toBe(true);
    expect(document.activeElement).toBe(last);
  });

  it('leaves every other Tab to the webview, and passes over hidden controls', () => {
    const first = el('a', { href: '#main' });
    const middle = el('button');
    const last = el('button');
    el('input', {}, el('div', { hidden: '' }));
    middle.focus();
    expect(tab().defaultPrevented).toBe(false);
    expect(tab(true).defaultPrevented).toBe(false);
    expect(document.activeElement).toBe(middle);
    // The input after the last button is hidden: the button is the last stop.
    last.focus();
    expect(tab().defaultPrevented).toBe(true);
    expect(document.activeElement).toBe(first);
  });
});
