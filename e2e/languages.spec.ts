// Languages: the browser's language picks the interface language, the picker overrides it and is
// remembered, <html lang> follows; and in the pseudo-locale (en-XA: every catalogued string
// accented and in ⟦ ⟧) no visible text is left that did not come from a catalogue.
import { expect, test, type Page } from '@playwright/test';
import { classCard, goToStep, setSetting, startTraining, uploadImages, waitForTrainingDone } from './helpers/app';
import { generateShapeImages } from './helpers/images';
import { uncataloguedText } from './helpers/i18n';
import { STEP_NAMES } from './helpers/steps';

async function openReady(page: Page, path = '/'): Promise<void> {
  await page.goto(path);
  await expect(page.getByTestId('trunk-status')).toHaveAttribute('data-status', 'ready', { timeout: 120_000 });
}

test.describe('a Spanish browser', () => {
  test.use({ locale: 'es-ES' });

  test('gets Spanish, can switch to French and back to English, and the pick is remembered', async ({ page }) => {
    await openReady(page);
    await expect(page.locator('html')).toHaveAttribute('lang', 'es');
    await expect(page.getByTestId('step-train')).toContainText('Entrenar');
    await expect(page.getByTestId('language-picker')).toHaveValue('es');

    await page.getByTestId('language-picker').selectOption('fr');
    await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
    await expect(page.getByTestId('step-train')).toContainText('Entraîner');
    await page.reload();
    await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
    await expect(page.getByTestId('step-data')).toContainText('Données');

    await page.getByTestId('language-picker').selectOption('en');
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await expect(page.getByTestId('step-train')).toContainText('Train');
  });
});

test('the pseudo-locale shows no string that is not in a catalogue, in any step, before and after training', async ({ page }) => {
  test.setTimeout(300_000);
  await openReady(page, '/?lang=en-XA');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en-XA');
  const report: string[] = [];
  const scan = async (when: string) => {
    for (const step of STEP_NAMES) {
      await goToStep(page, step);
      for (const text of await uncataloguedText(page)) report.push(`${when}, ${step}: ${text}`);
    }
  };
  await scan('empty');
  await uploadImages(page, 0, await generateShapeImages(page, { shape: 'circle', color: '#dc2626', count: 6, seed: 61 }));
  await uploadImages(page, 1, await generateShapeImages(page, { shape: 'square', color: '#2563eb', count: 6, seed: 62 }));
  // The count's words are pseudo-localised too: its number is enough here.
  for (const index of [0, 1]) await expect(classCard(page, index).getByTestId('class-count')).toContainText('6');
  await setSetting(page, 'epochs', 3);
  await startTraining(page);
  await waitForTrainingDone(page);
  await expect(page.getByTestId('evaluation-panel')).toHaveAttribute('data-status', 'ready', { timeout: 120_000 });
  await scan('trained');
  expect(report, report.join('\n')).toEqual([]);
});
