// User verbs for the classroom specs: keyboard-only moves, page measurements, and axe scans.
import AxeBuilder from '@axe-core/playwright';
import type { FileChooser } from '@playwright/test';
import { expect, type Page } from '@playwright/test';

/** Presses Tab (or Shift+Tab) until the element with this data-testid has the focus (at most `limit` presses). */
export async function tabTo(page: Page, testId: string, { backwards = false, limit = 250 } = {}): Promise<void> {
  for (let i = 0; i < limit; i++) {
    if (await page.evaluate((id) => document.activeElement?.getAttribute('data-testid') === id, testId)) return;
    await page.keyboard.press(backwards ? 'Shift+Tab' : 'Tab');
  }
  throw new Error(`Tab never reached [data-testid="${testId}"] in ${limit} presses`);
}

/**
 * Presses Enter on the focused file input and returns the file chooser. Playwright turns on the
 * interception of file dialogs without waiting for the browser's answer, so a press that comes
 * first opens the system dialog instead (seen once in a full run: the test waited 10 minutes).
 * The caller keeps a 'filechooser' listener on the page from the start; a missed dialog is
 * asked for again.
 */
export async function chooseFilesByKeyboard(page: Page): Promise<FileChooser> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const chooser = page.waitForEvent('filechooser', { timeout: 15_000 }).catch(() => null);
    await page.keyboard.press('Enter');
    const opened = await chooser;
    if (opened) return opened;
  }
  throw new Error('Enter on the focused file input opened no file chooser in 3 tries');
}

/** How far the page scrolls sideways (0 when it fits) and how tall it is. */
export function pageExtent(page: Page): Promise<{ overflowX: number; height: number; widest: string }> {
  return page.evaluate(() => {
    const root = document.documentElement;
    // The element that sticks out furthest, named for the failure message.
    let widest = '';
    let right = root.clientWidth;
    for (const el of document.querySelectorAll<HTMLElement>('body *')) {
      const box = el.getBoundingClientRect();
      if (box.width > 0 && box.right > right + 0.5) {
        right = box.right;
        widest = `${el.tagName.toLowerCase()}.${el.className} [${el.getAttribute('data-testid') ?? ''}] right=${Math.round(box.right)}`;
      }
    }
    return { overflowX: root.scrollWidth - root.clientWidth, height: root.scrollHeight, widest };
  });
}

/** Serious and critical axe violations on the page as shown, one line each (an empty list passes). */
export async function seriousAxeViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) =>
      v.nodes.map((n) => `${v.id} (${v.impact}): ${n.target.join(' ')} — ${n.failureSummary?.split('\n').slice(1).join(' ') ?? ''}`),
    );
}

export async function expectNoSeriousAxeViolations(page: Page, view: string): Promise<void> {
  expect(await seriousAxeViolations(page), `axe in the ${view} view`).toEqual([]);
}

/** Opens every closed "details" disclosure of the shown step, so axe checks what they hold too. */
export async function openAllDetails(page: Page): Promise<void> {
  await page.evaluate(() => {
    for (const d of document.querySelectorAll<HTMLDetailsElement>('details')) if (d.checkVisibility()) d.open = true;
  });
}
