// The app shows one step at a time (Data, Train, Evaluate, Lab, Export; src/features/shell):
// a script shows a step before it clicks a control that lives there. Panels stay mounted, so
// reading data-testid attributes needs no step change.
import type { Page } from '@playwright/test';

export type AppStep = 'data' | 'train' | 'evaluate' | 'lab' | 'export';

export async function showStep(page: Page, step: AppStep): Promise<void> {
  await page.getByTestId(`step-${step}`).click();
  await page.getByTestId(`view-${step}`).waitFor({ state: 'visible' });
}

/** Opens the trunk's "Details" disclosure, where the trunk and backend pickers live. */
export async function openTrunkDetails(page: Page): Promise<void> {
  await page.getByTestId('trunk-details').evaluate((el) => ((el as HTMLDetailsElement).open = true));
}

/** Shows the Lab step and opens one of its folded experiments (LabDisclosure: `<testId>` and `<testId>-toggle`). */
export async function openLabDisclosure(page: Page, testId: 'advisor' | 'lab-datasize' | 'source-model-panel'): Promise<void> {
  await showStep(page, 'lab');
  if (!(await page.getByTestId(testId).evaluate((el) => (el as HTMLDetailsElement).open)))
    await page.getByTestId(`${testId}-toggle`).click();
}
