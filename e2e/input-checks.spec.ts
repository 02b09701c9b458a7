// Input checks in the real app: class names from zip folders, trunk addresses, and the
// Content-Security-Policy of the app and of the exported example page (docs/reliability.md).
import { expect, test, type Page } from '@playwright/test';
import {
  classCard,
  expectClassCount,
  openApp,
  openTrunkDetails,
  startTraining,
  tryImage,
  uploadImages,
  waitForTrainingDone,
  setSetting,
} from './helpers/app';
import { generateShapeImages } from './helpers/images';
import { downloadExport, serveFiles, text } from './helpers/interop';
import { named, reloadStudio, settle, zipOf } from './helpers/studio';

/** Collects every CSP violation of the page (the event, and Chromium's console report of it). */
async function watchViolations(page: Page): Promise<string[]> {
  const violations: string[] = [];
  await page.exposeFunction('reportCspViolation', (line: string) => violations.push(line));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      (window as unknown as { reportCspViolation: (line: string) => void }).reportCspViolation(
        `${event.effectiveDirective} blocked ${event.blockedURI}`,
      );
    });
  });
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  return violations;
}

/** Whether an inline script added to the page runs (a CSP without 'unsafe-inline' stops it). */
function injectedInlineScriptRan(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const script = document.createElement('script');
    script.textContent = 'window.inlineScriptRan = true;';
    document.head.append(script);
    return (window as unknown as { inlineScriptRan?: boolean }).inlineScriptRan === true;
  });
}

test('the app carries its CSP, and loads, trains, predicts and exports under it without a violation', async ({ page }) => {
  const violations = await watchViolations(page);
  await openApp(page);
  const policy = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  expect(policy).toContain("script-src 'self' 'wasm-unsafe-eval'");
  expect(policy).toContain("worker-src 'self' blob:");

  const reds = await generateShapeImages(page, { shape: 'circle', color: '#dc2626', count: 6, seed: 31 });
  const blues = await generateShapeImages(page, { shape: 'square', color: '#2563eb', count: 6, seed: 32 });
  await uploadImages(page, 0, reds.slice(0, 5));
  await uploadImages(page, 1, blues.slice(0, 5));
  await expectClassCount(page, 0, 5);
  await expectClassCount(page, 1, 5);
  await setSetting(page, 'epochs', 5);
  await startTraining(page);
  await waitForTrainingDone(page);
  expect(await tryImage(page, reds[5])).not.toBe('');

  const { files } = await downloadExport(page, 'example');
  expect(violations).toEqual([]);
  // The policy is in force: an injected inline script does not run, and is reported.
  expect(await injectedInlineScriptRan(page)).toBe(false);
  await expect.poll(() => violations.some((v) => v.startsWith('script-src-elem blocked inline'))).toBe(true);

  // The exported example page: its own CSP, and it still classifies with nothing blocked.
  expect(text(files, 'index.html')).toMatch(
    /<meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self' 'wasm-unsafe-eval' 'sha256-[^']+';/,
  );
  const example = await page.context().newPage();
  const exampleViolations = await watchViolations(example);
  await serveFiles(example, 'https://example.test', files);
  await example.goto('https://example.test/index.html');
  await expect(example.locator('#status')).not.toHaveAttribute('data-state', 'loading', { timeout: 60_000 });
  expect(exampleViolations).toEqual([]);
  await expect(example.locator('#error')).toHaveText('');
  await expect(example.locator('#status')).toHaveAttribute('data-state', 'ready');
  await example.locator('#file').setInputFiles(reds[5]);
  await expect(example.locator('#result')).toHaveAttribute('data-probabilities', /\[/);
  await expect(example.locator('#error')).toHaveText('');
  expect(exampleViolations).toEqual([]);
  expect(await injectedInlineScriptRan(example)).toBe(false);
  await example.close();
});

test('zip folder names become valid class names, the user is told, and the project survives a reload', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('project-status')).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
  const images = await generateShapeImages(page, { shape: 'triangle', color: '#16a34a', count: 3, seed: 41 });
  const long = `${'leaf '.repeat(50)}end`; // 253 characters
  await page.getByTestId('import-zip-input').setInputFiles({
    name: 'plants.zip',
    mimeType: 'application/zip',
    buffer: zipOf([...named(images.slice(0, 1), long), ...named(images.slice(1, 2), 'ferns'), ...named(images.slice(2, 3), ' ')]),
  });
  await expect(page.getByTestId('class-card')).toHaveCount(3);
  const labels = await page.getByTestId('class-card').evaluateAll((cards) => cards.map((c) => c.getAttribute('data-label') ?? ''));
  expect(labels.every((label) => label.length <= 200)).toBe(true);
  expect(labels).toContain('ferns');
  expect(labels).toContain('Unnamed class');
  await expect(page.getByTestId('notice').filter({ hasText: 'Some folder names were changed' })).toContainText(
    'class names can be at most 200 characters long',
  );

  await settle(page);
  await reloadStudio(page);
  const after = await page.getByTestId('class-card').evaluateAll((cards) => cards.map((c) => c.getAttribute('data-label') ?? ''));
  expect(after).toEqual(labels);
  await expect(page.getByText('Recovered images')).toHaveCount(0);
  for (let i = 0; i < 3; i++) await expectClassCount(page, i, 1);
  await expect(classCard(page, 0)).toBeVisible();
});

test('a trunk address that is not https is refused with its reason, before anything is downloaded', async ({ page }) => {
  await openApp(page);
  const requests: string[] = [];
  page.on('request', (request) => requests.push(request.url()));
  await openTrunkDetails(page);
  await page.getByTestId('trunk-load-other').click();
  await page.getByTestId('trunk-url-input').fill('http://example.org/trunk/model.json');
  await page.getByTestId('trunk-url-load').click();
  await expect(page.getByTestId('trunk-url-error')).toHaveText(
    /Trunks can only be downloaded over https .* "http:" addresses are refused\./,
  );
  await expect(page.getByTestId('trunk-status')).toHaveAttribute('data-status', 'ready');
  expect(requests.filter((url) => url.includes('example.org'))).toEqual([]);
});
