// The guided lesson on a sample project: each step trains for real and its "what to notice" text
// quotes that run's numbers (step 6 trains a source model of its own first).
import { expect, test, type Page } from '@playwright/test';
import { goToStep, openApp } from './helpers/app';
import { screenshot } from './helpers/screens';
import { openSourceModelPanel } from './helpers/steps';

async function setLabSetting(page: Page, key: string, value: number): Promise<void> {
  const field = page.getByTestId(`lab-setting-${key}`);
  if (!(await field.isVisible())) await page.getByTestId('lab-more-settings-toggle').click();
  await field.fill(String(value));
}

test("the guided lesson steps through a sample project with the run's numbers filled in", async ({ page }) => {
  test.setTimeout(600_000);
  await openApp(page);
  await page.getByTestId('sample-set-picker').selectOption('shapes-small');
  await page.getByTestId('open-sample-project').click();
  await expect(page.getByTestId('sample-project-status')).toHaveAttribute('data-status', 'done', { timeout: 120_000 });
  await expect(page.getByTestId('class-card')).toHaveCount(5);

  await goToStep(page, 'lab');
  // Short runs: 4 epochs, one seed, small pictures for the network trained from scratch.
  await setLabSetting(page, 'epochs', 4);
  await setLabSetting(page, 'seeds', 1);
  await setLabSetting(page, 'scratchImageSize', 32);

  const lesson = page.getByTestId('lesson-panel');
  await lesson.scrollIntoViewIfNeeded();
  await expect(lesson.getByTestId('lesson-step')).toHaveAttribute('data-step', 'pretrained-model');
  await expect(lesson.getByTestId('lesson-back')).toBeDisabled();
  await lesson.getByTestId('lesson-run').click();
  await expect(lesson.getByTestId('lesson-status')).toHaveAttribute('data-status', 'done', { timeout: 240_000 });
  await expect(lesson.getByTestId('lesson-notice')).toContainText(
    /already got \d+% of the validation pictures right\. On test pictures it had never seen, it scored \d+%/,
  );

  await lesson.getByTestId('lesson-next').click();
  await expect(lesson.getByTestId('lesson-step')).toHaveAttribute('data-step', 'feature-extraction');
  await expect(lesson.getByTestId('lesson-notice')).toHaveCount(0);
  await lesson.getByTestId('lesson-run').click();
  await expect(lesson.getByTestId('lesson-status')).toHaveAttribute('data-status', 'done', { timeout: 240_000 });
  const notice = lesson.getByTestId('lesson-notice');
  await expect(notice).toContainText(
    /Feature extraction started at \d+%, scratch at \d+%\. On the test pictures: feature extraction \d+%, scratch \d+%/,
  );

  // The numbers quoted are the run's own: the same as the lab's table shows.
  const start = (await page.getByTestId('lab-start-feature-extraction').textContent())?.match(/\d+%/)?.[0];
  expect(start).toBeTruthy();
  await expect(notice).toContainText(`Feature extraction started at ${start}`);
  await page.mouse.move(0, 0); // no chart tooltip in the pictures
  await screenshot(lesson, 'lesson-step', test.info().outputPath('lesson-step.png'));
  await screenshot(page.getByTestId('lab-chart'), 'lesson-chart', test.info().outputPath('lesson-chart.png'));

  // The remaining steps are there to step through; going back keeps a step's result.
  for (const id of ['three-benefits', 'freeze-k', 'scenarios', 'develop-model']) {
    await lesson.getByTestId('lesson-next').click();
    await expect(lesson.getByTestId('lesson-step')).toHaveAttribute('data-step', id);
  }
  await expect(lesson.getByTestId('lesson-next')).toBeDisabled();

  // Step 6 trains a model of your own on the ten-shapes source task first (kept small here:
  // 30 pictures per class, 2 epochs), then races it against the ImageNet model and scratch.
  await openSourceModelPanel(page);
  await page.getByTestId('source-model-per-class').fill('30');
  await page.getByTestId('source-model-epochs').fill('2');
  await lesson.getByTestId('lesson-run').click();
  await expect(lesson.getByTestId('lesson-status')).toHaveAttribute('data-status', 'done', { timeout: 300_000 });
  await expect(lesson.getByTestId('lesson-notice')).toContainText(
    /Your own model learnt “Ten shapes, 300 pictures each \(a source task\)” and got \d+% of its own validation pictures right\. Reused on these pictures with its layers frozen, it scored \d+% on the test pictures; the ImageNet model scored \d+% and the network that started from nothing \d+%\./,
  );
  const ownTest = (await page.getByTestId('lab-test-source-features').textContent())?.match(/\d+%/)?.[0];
  await expect(lesson.getByTestId('lesson-notice')).toContainText(`it scored ${ownTest} on the test pictures`);

  for (let i = 0; i < 4; i++) await lesson.getByTestId('lesson-back').click();
  await expect(lesson.getByTestId('lesson-step')).toHaveAttribute('data-step', 'feature-extraction');
  await expect(lesson.getByTestId('lesson-notice')).toContainText('Feature extraction started at');
});
