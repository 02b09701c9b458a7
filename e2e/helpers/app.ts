// User verbs for the specs: open the app, name classes, drop or pick images, train, try, export.
import { expect, type Locator, type Page } from '@playwright/test';
import type { GeneratedImage } from './images';
import { goToStep } from './steps';

export { goToStep, openTrunkDetails } from './steps';

export async function openApp(page: Page): Promise<void> {
  await page.goto('/');
  await expect(page.getByTestId('trunk-status')).toHaveAttribute('data-status', 'ready', { timeout: 120_000 });
}

export function classCard(page: Page, index: number): Locator {
  return page.getByTestId('class-card').nth(index);
}

export async function renameClass(page: Page, index: number, label: string): Promise<void> {
  await goToStep(page, 'data');
  const input = classCard(page, index).getByTestId('class-name-input');
  await input.fill(label);
  await input.press('Enter');
  await expect(classCard(page, index)).toHaveAttribute('data-label', label);
}

export async function addClass(page: Page, label: string): Promise<void> {
  await goToStep(page, 'data');
  const before = await page.getByTestId('class-card').count();
  await page.getByTestId('add-class').click();
  await expect(page.getByTestId('class-card')).toHaveCount(before + 1);
  await renameClass(page, before, label);
}

/** Picks files with the class's file chooser. */
export async function uploadImages(page: Page, index: number, files: GeneratedImage[] | string[]): Promise<void> {
  await goToStep(page, 'data');
  await classCard(page, index).getByTestId('class-file-input').setInputFiles(files);
}

/** Drops files onto the class card the way a file manager does, through a real DataTransfer. */
export async function dropImages(page: Page, index: number, files: GeneratedImage[]): Promise<void> {
  await goToStep(page, 'data');
  const payload = files.map((f) => ({ name: f.name, type: f.mimeType, base64: f.buffer.toString('base64') }));
  const dataTransfer = await page.evaluateHandle((items) => {
    const transfer = new DataTransfer();
    for (const item of items) {
      const bytes = Uint8Array.from(atob(item.base64), (c) => c.charCodeAt(0));
      transfer.items.add(new File([bytes], item.name, { type: item.type }));
    }
    return transfer;
  }, payload);
  const zone = classCard(page, index).getByTestId('class-dropzone');
  await zone.dispatchEvent('dragover', { dataTransfer });
  await zone.dispatchEvent('drop', { dataTransfer });
}

export async function expectClassCount(page: Page, index: number, count: number): Promise<void> {
  await expect(classCard(page, index).getByTestId('class-count')).toHaveText(`${count} ${count === 1 ? 'image' : 'images'}`);
}

export async function setSetting(page: Page, key: string, value: number): Promise<void> {
  await goToStep(page, 'train');
  const details = page.getByTestId('advanced-settings');
  if (!(await details.evaluate((el) => (el as HTMLDetailsElement).open))) await page.getByTestId('advanced-toggle').click();
  await page.getByTestId(`setting-${key}`).fill(String(value));
}

export async function startTraining(page: Page): Promise<void> {
  await goToStep(page, 'train');
  await page.getByTestId('train-button').click();
}

export async function waitForTrainingDone(page: Page): Promise<void> {
  await expect(page.getByTestId('training-status')).toHaveAttribute('data-status', 'done', { timeout: 170_000 });
}

export async function tryImage(page: Page, file: GeneratedImage): Promise<string> {
  await goToStep(page, 'evaluate');
  await page.getByTestId('tryit-file-input').setInputFiles(file);
  await expect(page.getByTestId('prediction')).toHaveAttribute('data-source', file.name);
  return (await page.getByTestId('prediction-label').textContent()) ?? '';
}
