// The pseudo-locale check (en-XA: every catalogued string accented and in ⟦ ⟧) shared by the specs.
import type { Page } from '@playwright/test';

/**
 * Visible text nodes holding a word outside ⟦ ⟧: a string that did not come from a catalogue.
 * `within`: a CSS selector for the part of the page to read (default the whole body).
 * Text inside an element marked translate="no" (class names the user typed) is the user's or the machine's, not the interface's, and is left out.
 */
export function uncataloguedText(page: Page, within = 'body'): Promise<string[]> {
  return page.evaluate((selector) => {
    const found: string[] = [];
    const root = document.querySelector(selector);
    if (!root) return [`nothing matches ${selector}`];
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      if (!parent || parent.closest('[translate="no"], script, style, svg title')) continue;
      if (!parent.checkVisibility({ checkOpacity: false, checkVisibilityCSS: true })) continue;
      // <Trans> splits one message into several nodes: a node may open ⟦ or close ⟧ alone.
      const outside = (node.textContent ?? '')
        .replace(/⟦[^⟧]*⟧/g, ' ')
        .replace(/^[^⟦]*⟧/, ' ')
        .replace(/⟦[^⟧]*$/, ' ');
      if (/[A-Za-z]{3,}/.test(outside))
        found.push(
          `${parent.tagName.toLowerCase()}[${parent.closest('[data-testid]')?.getAttribute('data-testid') ?? ''}]: ${outside.trim().slice(0, 80)}`,
        );
    }
    return [...new Set(found)];
  }, within);
}
