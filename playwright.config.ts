import { defineConfig, devices } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_EXECUTABLE } from './scripts/chromium';

export { CHROMIUM_ARGS };

const PORT = Number(process.env.E2E_PORT ?? 4173);
// Separate build folders let several checkouts run their suites side by side.
const OUT_DIR = process.env.E2E_OUT_DIR ?? 'dist';

export default defineConfig({
  testDir: 'e2e',
  testMatch: '**/*.spec.ts',
  timeout: 180_000,
  expect: { timeout: 60_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: {
    ...devices['Desktop Chrome'],
    baseURL: `http://127.0.0.1:${PORT}`,
    acceptDownloads: true,
    // The app's service worker (offline use) stays out of every spec but the one that tests it
    // (e2e/classroom-offline.spec.ts): page.route must see every request, and no cache may carry over.
    serviceWorkers: 'block',
    launchOptions: { executablePath: CHROMIUM_EXECUTABLE, args: CHROMIUM_ARGS },
  },
  webServer: {
    // `--mode test-hooks`: the specs read state through the test hooks (src/app/test-hooks.ts).
    command: `npx tsc -p tsconfig.json --noEmit && npx vite build --mode test-hooks --outDir ${OUT_DIR} && npx vite preview --outDir ${OUT_DIR} --host 127.0.0.1 --port ${PORT} --strictPort`,
    url: `http://127.0.0.1:${PORT}`,
    reuseExistingServer: !process.env.CI,
    timeout: 180_000,
    stdout: 'pipe',
  },
});
