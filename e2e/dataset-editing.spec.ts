// Editing: delete, move, clear, rename, delete a class; destructive edits can be undone, and
// every edit (and every undo) is what a reload brings back.
import { expect, test } from '@playwright/test';
import { addClass, classCard, expectClassCount, renameClass, uploadImages } from './helpers/app';
import { generateShapeImages } from './helpers/images';
import { openStudio, reloadStudio, settle, shownNames, stored } from './helpers/studio';

test('delete, move, clear and delete a class, with undo, and a reload keeps the result', async ({ page }) => {
  await openStudio(page);
  await renameClass(page, 0, 'circles');
  await renameClass(page, 1, 'squares');
  const circles = await generateShapeImages(page, { shape: 'circle', color: '#dc2626', count: 5, seed: 61 });
  const squares = await generateShapeImages(page, { shape: 'square', color: '#2563eb', count: 3, seed: 62 });
  await uploadImages(page, 0, circles);
  await uploadImages(page, 1, squares);
  await expectClassCount(page, 0, 5);
  await expectClassCount(page, 1, 3);
  const name = (i: number) => circles[i].name;

  // Delete one image, undo: it is back in its place.
  await classCard(page, 0).getByTestId('thumbnail').nth(1).hover();
  await classCard(page, 0).getByTestId('thumbnail-remove').nth(1).click();
  await expectClassCount(page, 0, 4);
  await expect(page.getByTestId('undo-text')).toHaveText(`Deleted "${name(1)}".`);
  await page.getByTestId('undo-button').click();
  await expect(page.getByTestId('undo-toast')).toHaveCount(0);
  expect((await shownNames(page)).circles).toEqual(circles.map((c) => c.name));

  // Move two (a circle drawn among squares was filed wrong): they go to the end of "squares".
  await classCard(page, 0).getByTestId('thumbnail-select').nth(0).click();
  await classCard(page, 0).getByTestId('thumbnail-select').nth(3).click();
  await expect(classCard(page, 0).getByTestId('selection-count')).toHaveText('2 selected');
  await classCard(page, 0).getByTestId('move-select').selectOption({ label: 'squares' });
  await expectClassCount(page, 0, 3);
  await expectClassCount(page, 1, 5);
  expect((await shownNames(page)).squares).toEqual([...squares.map((s) => s.name), name(0), name(3)]);

  // Delete selected, then delete another: the first deletion becomes final, the second can be undone.
  await classCard(page, 0).getByTestId('thumbnail-select').nth(0).click();
  await classCard(page, 0).getByTestId('delete-selected').click();
  await expect(page.getByTestId('undo-text')).toHaveText(`Deleted "${name(1)}".`);
  await classCard(page, 0).getByTestId('thumbnail').first().hover();
  await classCard(page, 0).getByTestId('thumbnail-remove').first().click();
  await expect(page.getByTestId('undo-text')).toHaveText(`Deleted "${name(2)}".`);
  await page.getByTestId('undo-button').click();
  expect((await shownNames(page)).circles).toEqual([name(2), name(4)]);

  // Clear a class, undo.
  await classCard(page, 1).getByTestId('class-clear').click();
  await expectClassCount(page, 1, 0);
  await expect(page.getByTestId('undo-text')).toHaveText('Cleared "squares" (5 images).');
  await page.getByTestId('undo-button').click();
  await expectClassCount(page, 1, 5);

  // Delete a class, undo: back at its place with its images.
  await addClass(page, 'triangles');
  await classCard(page, 0).getByTestId('class-delete').click();
  await expect(page.getByTestId('class-card')).toHaveCount(2);
  await expect(page.getByTestId('undo-text')).toHaveText('Deleted class "circles" and its 2 images.');
  await page.getByTestId('undo-button').click();
  await expect(page.getByTestId('class-card')).toHaveCount(3);
  await expect(classCard(page, 0)).toHaveAttribute('data-label', 'circles');
  await expectClassCount(page, 0, 2);

  // Delete the empty class for good (the offer lapses when the next edit comes).
  await classCard(page, 2).getByTestId('class-delete').click();
  await classCard(page, 1).getByTestId('thumbnail').first().hover();
  await classCard(page, 1).getByTestId('thumbnail-remove').first().click();
  await expect(page.getByTestId('undo-text')).toHaveText(`Deleted "${squares[0].name}".`);

  const before = await shownNames(page);
  expect(before).toEqual({ circles: [name(2), name(4)], squares: [squares[1].name, squares[2].name, name(0), name(3)] });
  await reloadStudio(page);
  expect(await shownNames(page)).toEqual(before);
  // Deleted images are gone from storage too (the pending one was dropped when the page closed).
  expect((await stored(page))?.imageCount).toBe(6);
  await expect(classCard(page, 1).getByTestId('thumbnail')).toHaveCount(4);
  await settle(page);
});
