// The app shows one step at a time (Data, Train, Evaluate, Lab, Export); every panel stays mounted.
import { expect, type Page } from '@playwright/test';

export type Step = 'data' | 'train' | 'evaluate' | 'lab' | 'export';
export const STEP_NAMES: Step[] = ['data', 'train', 'evaluate', 'lab', 'export'];

/** Shows a step through its navigation button (a no-op when it is already shown). */
export async function goToStep(page: Page, step: Step): Promise<void> {
  const button = page.getByTestId(`step-${step}`);
  if ((await button.getAttribute('aria-current')) !== 'step') await button.click();
  await expect(page.getByTestId(`view-${step}`)).toBeVisible();
}

/** Opens the trunk's "Details" disclosure (trunk and backend pickers, renderer, load time). */
export async function openTrunkDetails(page: Page): Promise<void> {
  const details = page.getByTestId('trunk-details');
  if (!(await details.evaluate((el) => (el as HTMLDetailsElement).open))) await details.locator('summary').click();
}

/** Opens one of the Lab's folded experiments (LabDisclosure), closed when the step first shows. */
export async function openLabSection(
  page: Page,
  testId: 'source-model-panel' | 'advisor' | 'lab-datasize' | 'scenario-presets',
): Promise<void> {
  await goToStep(page, 'lab');
  const details = page.getByTestId(testId);
  if (!(await details.evaluate((el) => (el as HTMLDetailsElement).open))) await page.getByTestId(`${testId}-toggle`).click();
}

/** Opens the Lab's "Develop your own model". */
export async function openSourceModelPanel(page: Page): Promise<void> {
  await openLabSection(page, 'source-model-panel');
}
