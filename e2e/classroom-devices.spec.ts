// Phones and tablets in Chromium's device emulation (touch, mobile viewport, coarse pointer):
// no sideways scrolling, touch targets of 44 px, the back camera first with a switch, and the
// screenshots in docs/screens (written there when UPDATE_SCREENSHOTS=1). Safari itself (iPad,
// iPhone) cannot run here: only its screen size and touch are emulated, in Chromium.
import { devices, expect, test, type Page } from '@playwright/test';
import { screenshot } from './helpers/screens';
import {
  classCard,
  expectClassCount,
  openApp,
  renameClass,
  setSetting,
  startTraining,
  uploadImages,
  waitForTrainingDone,
} from './helpers/app';
import { pageExtent } from './helpers/classroom';
import { generateShapeImages } from './helpers/images';
import { goToStep, STEP_NAMES } from './helpers/steps';

function emulate(name: string) {
  const { viewport, deviceScaleFactor, isMobile, hasTouch, userAgent } = devices[name];
  return { viewport, deviceScaleFactor, isMobile, hasTouch, userAgent };
}

/** Visible controls shorter or narrower than 44 px, named for the failure message. */
function smallTargets(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('button, select, input, summary, .file-button')]
      // A photo's small delete cross has an equivalent full-size route (tap the photo, then
      // "Delete selected"); file inputs are covered by their label (.file-button).
      .filter((el) => !el.matches('.thumb .remove, input[type=file]') && el.checkVisibility())
      .map((el) => ({ el, box: el.getBoundingClientRect() }))
      .filter(({ el, box }) =>
        el.matches('input[type=checkbox], input[type=radio]') ? box.height < 24 : box.height < 44 || box.width < 24,
      )
      .map(
        ({ el, box }) =>
          `${el.tagName.toLowerCase()}[${el.getAttribute('data-testid') ?? el.textContent?.slice(0, 30)}] ${Math.round(box.width)}x${Math.round(box.height)}`,
      ),
  );
}

/** Records the constraints of every getUserMedia call, so a test can read which camera was asked for. */
async function recordCameraRequests(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const calls: MediaStreamConstraints[] = [];
    (window as unknown as { cameraRequests: MediaStreamConstraints[] }).cameraRequests = calls;
    const original = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
    navigator.mediaDevices.getUserMedia = (constraints) => {
      calls.push(JSON.parse(JSON.stringify(constraints)));
      return original(constraints);
    };
  });
}

const lastFacing = (page: Page) =>
  page.evaluate(() =>
    JSON.stringify((window as unknown as { cameraRequests: { video: { facingMode: unknown } }[] }).cameraRequests.at(-1)?.video.facingMode),
  );

test.describe('phone (Pixel 7)', () => {
  test.use(emulate('Pixel 7'));

  test('fits the screen, 44 px touch targets, and the back camera first with a switch', async ({ page }, testInfo) => {
    await recordCameraRequests(page);
    await openApp(page);
    expect(await page.evaluate(() => matchMedia('(pointer: coarse)').matches)).toBe(true);
    await renameClass(page, 0, 'Apples');
    await renameClass(page, 1, 'Pears');
    await uploadImages(page, 0, await generateShapeImages(page, { shape: 'circle', color: '#dc2626', count: 6, seed: 51 }));
    await uploadImages(page, 1, await generateShapeImages(page, { shape: 'triangle', color: '#65a30d', count: 6, seed: 52 }));
    await expectClassCount(page, 1, 6);
    for (const step of STEP_NAMES) {
      await goToStep(page, step);
      const { overflowX, widest } = await pageExtent(page);
      expect(overflowX, `${step}: ${widest}`).toBeLessThanOrEqual(0);
      expect(await smallTargets(page), `small touch targets on the ${step} step`).toEqual([]);
    }
    await goToStep(page, 'data');
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, 'phone', testInfo.outputPath('phone.png'));

    // The dataset webcam: the back camera, not mirrored; the switch turns to the front one, mirrored.
    await classCard(page, 0).getByTestId('webcam-open').click();
    const preview = classCard(page, 0).getByTestId('webcam-preview');
    await expect(classCard(page, 0).getByTestId('webcam-panel')).toHaveAttribute('data-state', 'live');
    expect(await lastFacing(page)).toBe(JSON.stringify({ ideal: 'environment' }));
    await expect(preview).toHaveAttribute('data-facing', 'environment');
    await expect(preview).toHaveCSS('transform', 'none');
    await classCard(page, 0).getByTestId('webcam-switch').click();
    await expect(preview).toHaveAttribute('data-facing', 'user');
    await expect(classCard(page, 0).getByTestId('webcam-panel')).toHaveAttribute('data-state', 'live');
    expect(await lastFacing(page)).toBe(JSON.stringify({ ideal: 'user' }));
    await expect(preview).toHaveCSS('transform', 'matrix(-1, 0, 0, 1, 0, 0)');
    await classCard(page, 0).getByTestId('webcam-close').click();
  });
});

test.describe('tablet (Galaxy Tab S4, portrait)', () => {
  test.use(emulate('Galaxy Tab S4'));

  test('a whole lesson fits: photos, training, and every step without sideways scrolling', async ({ page }, testInfo) => {
    await openApp(page);
    await uploadImages(page, 0, await generateShapeImages(page, { shape: 'circle', color: '#dc2626', count: 8, seed: 61 }));
    await uploadImages(page, 1, await generateShapeImages(page, { shape: 'square', color: '#2563eb', count: 8, seed: 62 }));
    await expectClassCount(page, 1, 8);
    await setSetting(page, 'epochs', 10);
    await startTraining(page);
    await waitForTrainingDone(page);
    for (const step of STEP_NAMES) {
      await goToStep(page, step);
      const { overflowX, widest } = await pageExtent(page);
      expect(overflowX, `${step}: ${widest}`).toBeLessThanOrEqual(0);
      expect(await smallTargets(page), `small touch targets on the ${step} step`).toEqual([]);
    }
    await goToStep(page, 'train');
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, 'tablet', testInfo.outputPath('tablet.png'));
  });
});
