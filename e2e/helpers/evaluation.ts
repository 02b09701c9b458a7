// User verbs for the evaluation view: read the split table and the confusion matrix, drop an
// image on Try-it, set the "not sure" threshold, run the camera.
import { expect, type Locator, type Page } from '@playwright/test';
import type { GeneratedImage } from './images';
import { goToStep } from './steps';

/** Drops files on a zone the way a file manager does, through a real DataTransfer. */
export async function dropFilesOn(page: Page, zone: Locator, files: GeneratedImage[]): Promise<void> {
  const payload = files.map((f) => ({ name: f.name, type: f.mimeType, base64: f.buffer.toString('base64') }));
  const dataTransfer = await page.evaluateHandle((items) => {
    const transfer = new DataTransfer();
    for (const item of items)
      transfer.items.add(new File([Uint8Array.from(atob(item.base64), (c) => c.charCodeAt(0))], item.name, { type: item.type }));
    return transfer;
  }, payload);
  await zone.dispatchEvent('dragover', { dataTransfer });
  await zone.dispatchEvent('drop', { dataTransfer });
}

/** Clicks into Try-it's zone and pastes an image the way Ctrl+V with a copied image does. */
export async function pasteImage(page: Page, file: GeneratedImage): Promise<void> {
  await page.getByTestId('tryit-dropzone').focus();
  await page.evaluate(
    ({ name, type, base64 }) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))], name, { type }));
      (document.activeElement ?? document.body).dispatchEvent(new ClipboardEvent('paste', { clipboardData: transfer, bubbles: true }));
    },
    { name: file.name, type: file.mimeType, base64: file.buffer.toString('base64') },
  );
}

export async function splitCounts(page: Page): Promise<{ label: string; train: number; val: number; test: number }[]> {
  return page.getByTestId('split-row').evaluateAll((rows) =>
    rows.map((row) => {
      const data = (row as HTMLElement).dataset;
      return { label: data.label ?? '', train: Number(data.train), val: Number(data.val), test: Number(data.test) };
    }),
  );
}

export interface MatrixCellData {
  trueClass: number;
  predictedClass: number;
  count: number;
}

export async function matrixCells(page: Page): Promise<MatrixCellData[]> {
  return page.getByTestId('confusion-cell').evaluateAll((cells) =>
    cells.map((cell) => {
      const data = (cell as HTMLElement).dataset;
      return { trueClass: Number(data.true), predictedClass: Number(data.predicted), count: Number(data.count) };
    }),
  );
}

export async function waitForEvaluation(page: Page, runId: string): Promise<void> {
  await expect(page.getByTestId('evaluation-panel')).toHaveAttribute('data-status', 'ready', { timeout: 60_000 });
  await expect(page.getByTestId('evaluation-panel')).toHaveAttribute('data-run-id', runId, { timeout: 60_000 });
  await expect(page.getByTestId('embedding-map')).toHaveAttribute('data-status', 'ready', { timeout: 120_000 });
}

export async function setUnknownThreshold(page: Page, threshold: number): Promise<void> {
  await goToStep(page, 'evaluate');
  const enabled = page.getByTestId('unknown-threshold-enabled');
  if (!(await enabled.isChecked())) await enabled.check();
  await page.getByTestId('unknown-threshold-slider').fill(String(threshold));
  await expect(page.getByTestId('unknown-threshold-value')).toHaveText(`${Math.round(threshold * 100)}%`);
}

/** Distinct fill colours of the markers drawn in one map (hollow "not in run" markers excluded). */
export async function mapFillColours(map: Locator): Promise<string[]> {
  const fills = await map.locator('[data-testid="map-point"] > *').evaluateAll((marks) => marks.map((m) => m.getAttribute('fill') ?? ''));
  return [...new Set(fills.filter((f) => f !== 'white'))].sort();
}
