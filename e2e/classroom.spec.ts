// The app in a classroom: one step at a time, every screen width, axe in every view, the whole
// flow by keyboard, charts as tables, and projector mode. One page walks through it in order
// (training once); phones and tablets: e2e/classroom-devices.spec.ts; offline: classroom-offline.spec.ts.
import { expect, test, type Page } from '@playwright/test';
import { expectClassCount, openApp, waitForTrainingDone } from './helpers/app';
import { chooseFilesByKeyboard, expectNoSeriousAxeViolations, openAllDetails, pageExtent, tabTo } from './helpers/classroom';
import { generateShapeImages } from './helpers/images';
import { goToStep, STEP_NAMES } from './helpers/steps';

const SCREEN = { width: 1366, height: 768 };
const WIDTHS = [360, 390, 768, 1024, 1366];

test.describe.serial('classroom', () => {
  let page: Page;

  test.beforeAll(async ({ browser }) => {
    // A context of its own: axe needs one (browser.newPage has none it can use).
    page = await (await browser.newContext({ viewport: SCREEN, acceptDownloads: true })).newPage();
    // Intercepts file dialogs from the start (see chooseFilesByKeyboard).
    page.on('filechooser', () => undefined);
    await openApp(page);
  });
  test.afterAll(async () => page.context().close());

  test('the steps: numbered once, one shown at a time, technical detail behind "Details"; axe finds nothing in the empty app', async () => {
    await expect(page.getByRole('navigation', { name: 'Steps' }).locator('.step-number')).toHaveText(['1', '2', '3', '4', '5']);
    await expect(page.locator('h2')).not.toContainText([/^\d/]);
    for (const step of STEP_NAMES) {
      await goToStep(page, step);
      await expect(page.getByTestId(`step-${step}`)).toHaveAttribute('aria-current', 'step');
      await expect(page.locator('.step-view:visible')).toHaveCount(1);
    }
    await goToStep(page, 'data');
    // The backend and the renderer string stay out of sight until asked for.
    await expect(page.getByTestId('backend-status')).toBeHidden();
    await page.getByTestId('trunk-details').locator('summary').click();
    await expect(page.getByTestId('backend-status')).toBeVisible();
    await expectNoSeriousAxeViolations(page, 'empty (details open)');
    await page.getByTestId('trunk-details').locator('summary').click();
    await expectNoSeriousAxeViolations(page, 'empty');
  });

  test('keyboard only: photos picked, steps changed and a model trained without the mouse; axe with images and while training', async () => {
    test.setTimeout(600_000);
    const circles = await generateShapeImages(page, { shape: 'circle', color: '#dc2626', count: 8, seed: 41 });
    const squares = await generateShapeImages(page, { shape: 'square', color: '#2563eb', count: 8, seed: 42 });
    for (const [index, images] of [circles, squares].entries()) {
      // Each class's file button: reached by Tab, opened by Enter (the file dialog is the system's).
      await tabTo(page, 'class-file-input');
      while (
        (await page.evaluate(() => document.activeElement?.closest('[data-testid="class-card"]')?.getAttribute('data-label'))) !==
        `Class ${index + 1}`
      ) {
        await page.keyboard.press('Tab');
        await tabTo(page, 'class-file-input');
      }
      await (await chooseFilesByKeyboard(page)).setFiles(images.map((i) => ({ name: i.name, mimeType: i.mimeType, buffer: i.buffer })));
      await expectClassCount(page, index, 8);
    }
    await expectNoSeriousAxeViolations(page, 'with images');
    // To the Train step by its "Next step" button, then the settings and the Train button.
    await tabTo(page, 'next-train');
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('view-train')).toBeVisible();
    await expect(page.getByTestId('view-train')).toBeFocused();
    await tabTo(page, 'advanced-toggle');
    await page.keyboard.press('Enter');
    await tabTo(page, 'setting-epochs');
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.type('400');
    await tabTo(page, 'setting-batchSize');
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.type('1');
    await tabTo(page, 'train-button', { backwards: true });
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('training-status')).toHaveAttribute('data-status', 'training', { timeout: 120_000 });
    await expectNoSeriousAxeViolations(page, 'training');
    await tabTo(page, 'stop-button');
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('training-status')).toHaveAttribute('data-status', 'stopped');
    // A short run to the end, still by keyboard.
    await tabTo(page, 'setting-epochs');
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.type('8');
    await tabTo(page, 'setting-batchSize');
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.type('16');
    await tabTo(page, 'train-button', { backwards: true });
    await page.keyboard.press('Enter');
    await waitForTrainingDone(page);
    await expect(page.getByTestId('learning-curve-chart')).toHaveAttribute('data-epochs', '8');
    await openAllDetails(page);
    await expect(page.getByTestId('learning-curve-table').locator('tbody tr')).toHaveCount(8);
    await expectNoSeriousAxeViolations(page, 'trained');
    // Evaluate by keyboard: the step button, then a Try-it image.
    await tabTo(page, 'next-evaluate');
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('view-evaluate')).toBeVisible();
    await expect(page.getByTestId('evaluation-panel')).toHaveAttribute('data-status', 'ready', { timeout: 60_000 });
    await expect(page.getByTestId('embedding-map')).toHaveAttribute('data-status', 'ready', { timeout: 120_000 });
    const probe = (await generateShapeImages(page, { shape: 'circle', color: '#dc2626', count: 1, seed: 43 }))[0];
    await tabTo(page, 'tryit-file-input');
    await (await chooseFilesByKeyboard(page)).setFiles({ name: probe.name, mimeType: probe.mimeType, buffer: probe.buffer });
    await expect(page.getByTestId('prediction')).toHaveAttribute('data-source', probe.name);
  });

  test('every chart has its values as a table; colour is not the only cue', async () => {
    await goToStep(page, 'evaluate');
    await openAllDetails(page);
    await expect(page.getByTestId('reliability-table').locator('tbody tr')).not.toHaveCount(0);
    await expect(page.getByTestId('embedding-map-table').locator('tbody tr')).toHaveCount(16);
    // The matrix marks right answers with a tick, the map writes each class's number on its cluster.
    const diagonal = page.locator('[data-testid="confusion-cell"].correct');
    await expect(diagonal).toHaveCount(2);
    expect(await diagonal.first().evaluate((el) => getComputedStyle(el, '::before').content)).toContain('✓');
    await expect(page.getByTestId('embedding-map-trunk').locator('.map-class-number')).toHaveText(['1', '2']);
    await expectNoSeriousAxeViolations(page, 'evaluation');
  });

  test('no view is taller than three screens at 1366x768 after training', async () => {
    // As a step first shows: the tables behind "Show the values as a table" closed.
    await page.evaluate(() => document.querySelectorAll('details').forEach((d) => (d.open = false)));
    for (const step of STEP_NAMES) {
      await goToStep(page, step);
      const { height } = await pageExtent(page);
      console.log(`page height at 1366x768, ${step} step: ${height} px`);
      expect(height, `the ${step} step`).toBeLessThanOrEqual(3 * SCREEN.height);
    }
  });

  test('no sideways scrolling at 360, 390, 768, 1024 and 1366 px, in every step, with photos and after training', async () => {
    for (const width of WIDTHS) {
      await page.setViewportSize({ width, height: 800 });
      for (const step of STEP_NAMES) {
        await goToStep(page, step);
        const { overflowX, widest } = await pageExtent(page);
        expect(overflowX, `${step} at ${width} px: ${widest}`).toBeLessThanOrEqual(0);
      }
    }
    await page.setViewportSize(SCREEN);
  });

  test('axe finds nothing serious in the lab results and export views', async () => {
    test.setTimeout(600_000);
    await goToStep(page, 'lab');
    const setting = async (key: string, value: number) => {
      const field = page.getByTestId(`lab-setting-${key}`);
      if (!(await field.isVisible())) await page.getByTestId('lab-more-settings-toggle').click();
      await field.fill(String(value));
    };
    await setting('epochs', 2);
    await setting('seeds', 1);
    await setting('batchSize', 8);
    await setting('scratchImageSize', 32);
    await page.getByTestId('lab-run').click();
    await expect(page.getByTestId('lab-status')).toHaveAttribute('data-status', 'done', { timeout: 170_000 });
    await openAllDetails(page);
    await expectNoSeriousAxeViolations(page, 'lab results');
    await goToStep(page, 'export');
    await expectNoSeriousAxeViolations(page, 'export');
    const download = page.waitForEvent('download');
    await page.getByTestId('export-button').click();
    expect((await download).suggestedFilename()).toBe('transfer-lab-model.zip');
  });

  test('projector mode: one toggle for larger type and thicker chart lines, remembered', async () => {
    await goToStep(page, 'train');
    const line = page.getByTestId('loss-chart').locator('.recharts-line-curve').first();
    const before = await line.evaluate((el) => parseFloat(getComputedStyle(el).strokeWidth));
    const fontBefore = await page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize));
    await page.getByTestId('projector-mode').click();
    await expect(page.getByTestId('projector-mode')).toHaveAttribute('aria-pressed', 'true');
    expect(await line.evaluate((el) => parseFloat(getComputedStyle(el).strokeWidth))).toBeGreaterThan(before);
    expect(await page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize))).toBeGreaterThan(fontBefore);
    await expectNoSeriousAxeViolations(page, 'projector mode');
    await page.reload();
    await expect(page.getByTestId('projector-mode')).toHaveAttribute('aria-pressed', 'true');
    await page.getByTestId('projector-mode').click();
    await expect(page.getByTestId('projector-mode')).toHaveAttribute('aria-pressed', 'false');
  });
});
