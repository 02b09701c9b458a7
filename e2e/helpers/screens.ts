// Screenshots for the README: every run writes them among the test's outputs, and
// UPDATE_SCREENSHOTS=1 also copies them to docs/screens/<name>.png.
import type { Locator, Page } from '@playwright/test';
import { copyFile, mkdir } from 'node:fs/promises';

export async function screenshot(target: Page | Locator, name: string, outputPath: string): Promise<void> {
  await target.screenshot({ path: outputPath });
  if (process.env.UPDATE_SCREENSHOTS) {
    await mkdir('docs/screens', { recursive: true });
    await copyFile(outputPath, `docs/screens/${name}.png`);
  }
}
