// The catalogue's MobileNet V1 α1.0: offered in the trunk picker from its installed copy (the local
// mirror, cut after block 12), and loaded from its canonical URL as the whole model, which the app
// cuts at the catalogue's layer into the same trunk. The whole model is rebuilt at test time from
// the mirror (src/ml/testing/v1-full-fixture.ts) and served at the canonical URL by page.route.
import { expect, test, type Page } from '@playwright/test';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { buildV1FullFixture, renameLayer, V1_025_FOLDER, V1_B12_FOLDER, type ModelFolder } from '../src/ml/testing/v1-full-fixture';
import { openApp, openTrunkDetails, setSetting, startTraining, uploadImages, waitForTrainingDone } from './helpers/app';
import { generateShapeImages } from './helpers/images';

interface CatalogEntry {
  id: string;
  name: string;
  canonicalUrl: string;
}
const catalog = JSON.parse(readFileSync('src/ml/trunk-catalog.json', 'utf8')) as { trunks: CatalogEntry[] };
const ENTRY = catalog.trunks.find((t) => t.id === 'mobilenet_v1_1.0_224_b12')!;
/** The local trunk mirror, as src/ml/testing/model-dir.ts finds it: $MODELS_DIR or ../shared/models. */
const MODELS_DIR = path.resolve(process.env.MODELS_DIR ?? '../shared/models');
const haveMirror = [V1_B12_FOLDER, V1_025_FOLDER].every((folder) => existsSync(path.join(MODELS_DIR, folder, 'model.json')));

/** Serves `folder()` (read at each request) where the canonical model.json and its weight files live. */
async function serveAtCanonicalUrl(page: Page, folder: () => ModelFolder): Promise<string[]> {
  const served: string[] = [];
  const base = ENTRY.canonicalUrl.slice(0, ENTRY.canonicalUrl.lastIndexOf('/') + 1);
  await page.route(`${base}**`, async (route) => {
    const name = route.request().url().slice(base.length);
    const { modelJson, files } = folder();
    const body = name === 'model.json' ? Buffer.from(JSON.stringify(modelJson)) : files.get(name);
    served.push(name);
    if (!body) return route.fulfill({ status: 404, body: 'not found' });
    return route.fulfill({
      status: 200,
      contentType: name.endsWith('.json') ? 'application/json' : 'application/octet-stream',
      body: Buffer.from(body),
    });
  });
  return served;
}

async function loadFromUrl(page: Page, url: string): Promise<void> {
  await openTrunkDetails(page);
  if (!(await page.getByTestId('trunk-url-input').isVisible())) await page.getByTestId('trunk-load-other').click();
  await page.getByTestId('trunk-url-input').fill(url);
  await page.getByTestId('trunk-url-load').click();
}

function embeddedCount(page: Page): Promise<number | undefined> {
  return page.evaluate(() => window.transferLab?.snapshot().training.embedStats?.count);
}

test.skip(!haveMirror, `needs ${V1_B12_FOLDER} and ${V1_025_FOLDER} in ${MODELS_DIR}`);

test('V1 α1.0 is in the trunk picker, embeds and trains; from its canonical URL it is the same trunk, and a file without its cut layer is refused', async ({
  page,
}) => {
  test.setTimeout(480_000);
  const full = buildV1FullFixture(MODELS_DIR);
  let servedFolder = full;
  const served = await serveAtCanonicalUrl(page, () => servedFolder);
  await openApp(page);

  // The picker lists it with the catalogue's name; picking it loads the installed copy.
  await openTrunkDetails(page);
  const select = page.getByTestId('trunk-select');
  await expect(select.locator(`option[value="${ENTRY.id}"]`)).toHaveText(ENTRY.name);
  await select.selectOption(ENTRY.id);
  const status = page.getByTestId('trunk-status');
  await expect(status).toHaveAttribute('data-status', 'ready', { timeout: 180_000 });
  await expect(status).toContainText('1024 features per image');
  await expect(status).toContainText(ENTRY.name);

  // Few photos: V1 α1.0 takes about 0.4 s a photo here.
  await uploadImages(page, 0, await generateShapeImages(page, { shape: 'circle', color: '#dc2626', count: 4, seed: 71 }));
  await uploadImages(page, 1, await generateShapeImages(page, { shape: 'square', color: '#2563eb', count: 4, seed: 72 }));
  await setSetting(page, 'epochs', 5);
  await startTraining(page);
  await waitForTrainingDone(page);
  expect(await embeddedCount(page)).toBe(8);
  expect(served).toEqual([]);

  // The canonical address, typed in: the whole model (17 MB, to reshape_2) is downloaded and cut
  // where the catalogue says. Same trunk, same embedding cache key: training again embeds nothing.
  await loadFromUrl(page, ENTRY.canonicalUrl);
  await expect(status).toHaveAttribute('data-status', 'ready', { timeout: 180_000 });
  await expect(status).toContainText(ENTRY.name);
  await expect(status).toContainText('1024 features per image');
  expect(served).toContain('model.json');
  expect(served).toContain('group37-shard1of1'); // conv_pw_13's kernel: only the whole model has it
  await expect(select).toHaveValue(ENTRY.id);
  await startTraining(page);
  await waitForTrainingDone(page);
  expect(await embeddedCount(page)).toBe(0);

  // The same address serving a model without a layer named conv_pw_12_relu: refused, saying why.
  servedFolder = renameLayer(full, 'conv_pw_12_relu', 'conv_pw_12_act');
  await loadFromUrl(page, ENTRY.canonicalUrl);
  await expect(status).toHaveAttribute('data-status', 'error', { timeout: 120_000 });
  await expect(status).toContainText(
    `This model has no layer named "conv_pw_12_relu". "${ENTRY.name}" takes its image features from that layer, so this file is not that trunk`,
  );
});
