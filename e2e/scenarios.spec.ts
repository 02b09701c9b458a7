// A scenario preset through the UI: one click generates the cell's pictures as a new project, races
// the advised strategy against the others, and the verdict quotes that run's own test scores.
import { expect, test, type Page } from '@playwright/test';
import { goToStep, openApp } from './helpers/app';
import { openLabSection } from './helpers/steps';

async function setLabSetting(page: Page, key: string, value: number): Promise<void> {
  const field = page.getByTestId(`lab-setting-${key}`);
  if (!(await field.isVisible())) await page.getByTestId('lab-more-settings-toggle').click();
  await field.fill(String(value));
}

const LABELS = {
  'feature-extraction': 'Feature extraction',
  'fine-tune': 'Fine-tune top blocks',
  scratch: 'From scratch (small CNN)',
} as const;

test("the small-and-different preset runs at a tenth of its size and its verdict quotes the run's numbers", async ({ page }) => {
  test.setTimeout(600_000);
  await openApp(page);
  await goToStep(page, 'lab');
  // Short runs: 4 epochs, one seed, small pictures for the network trained from scratch.
  await setLabSetting(page, 'epochs', 4);
  await setLabSetting(page, 'seeds', 1);
  await setLabSetting(page, 'scratchImageSize', 32);

  await openLabSection(page, 'scenario-presets');
  const presets = page.getByTestId('scenario-presets');
  await presets.getByTestId('scenario-scale').selectOption('0.1');
  const cell = presets.getByTestId('scenario-small-dissimilar');
  await expect(cell).toContainText('16 pictures of the letter F (8 per class)');
  await cell.getByTestId('scenario-run-small-dissimilar').click();
  await expect(cell.getByTestId('scenario-status-small-dissimilar')).toHaveAttribute('data-status', 'done', { timeout: 480_000 });

  const verdict = cell.getByTestId('scenario-verdict-small-dissimilar');
  await expect(verdict).toContainText(/^The advice (held|did not hold this time)/);
  // Every score quoted is the lab table's for this run.
  for (const [id, label] of Object.entries(LABELS)) {
    const score = (await page.getByTestId(`lab-test-${id}`).locator('.lab-value').textContent())?.trim();
    expect(score).toMatch(/^\d+%$/);
    await expect(verdict).toContainText(`${label} ${score}`);
  }
  const held = await verdict.getAttribute('data-held');
  await expect(verdict).toContainText(held === 'true' ? 'The advice held' : 'The advice did not hold');

  // The preset opened a project of its own: two classes of generated letters.
  await goToStep(page, 'data');
  await expect(page.getByTestId('class-card')).toHaveCount(2);
});
