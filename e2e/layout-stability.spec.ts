// Nothing moves under the user's pointer while the trunk and the project load (a click aimed at
// a photo would land elsewhere), and a photo's delete button is reachable without a mouse.
import { expect, test } from '@playwright/test';
import { classCard, expectClassCount, uploadImages } from './helpers/app';
import { generateShapeImages } from './helpers/images';
import { settle, shownNames } from './helpers/studio';

test('the page holds still while the trunk and the project load', async ({ page }) => {
  // Every frame from the first one, note where the classes start: one value means no jump.
  await page.addInitScript(() => {
    const tops = new Set<number>();
    (window as unknown as { layoutTops: Set<number> }).layoutTops = tops;
    const note = () => {
      const list = document.querySelector('[data-testid="dataset-panel"] fieldset');
      if (list) tops.add(Math.round(list.getBoundingClientRect().top + window.scrollY));
      requestAnimationFrame(note);
    };
    requestAnimationFrame(note);
  });
  await page.goto('/');
  // Photos go in while the trunk is still loading, as an eager user's would.
  const circles = await generateShapeImages(page, { shape: 'circle', color: '#dc2626', count: 3, seed: 71 });
  await uploadImages(page, 0, circles);
  await expectClassCount(page, 0, 3);
  await expect(page.getByTestId('trunk-status')).toHaveAttribute('data-status', 'ready', { timeout: 120_000 });
  await expect(page.getByTestId('backend-status')).toContainText('Running on');
  await page.waitForTimeout(500);
  const tops = await page.evaluate(() => [...(window as unknown as { layoutTops: Set<number> }).layoutTops]);
  expect(tops.length, `the class list started at ${tops.join(', ')} px`).toBe(1);
  await settle(page);
});

test('a photo can be deleted from the keyboard', async ({ page }) => {
  await page.goto('/');
  const squares = await generateShapeImages(page, { shape: 'square', color: '#2563eb', count: 3, seed: 72 });
  await uploadImages(page, 0, squares);
  await expectClassCount(page, 0, 3);
  await classCard(page, 0).getByTestId('thumbnail-select').nth(1).focus();
  await page.keyboard.press('Tab');
  const remove = classCard(page, 0).getByTestId('thumbnail-remove').nth(1);
  await expect(remove).toBeFocused();
  await expect(remove).toHaveCSS('opacity', '1');
  await page.keyboard.press('Enter');
  await expectClassCount(page, 0, 2);
  await expect(page.getByTestId('undo-text')).toHaveText(`Deleted "${squares[1].name}".`);
  const names = Object.values(await shownNames(page))[0];
  expect(names).toEqual([squares[0].name, squares[2].name]);
  await settle(page);
});
