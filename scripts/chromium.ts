// Which Chromium the browser tests and the benchmarks launch, and with which flags: Debian's
// Chromium where it is installed (this project's CI and offline machines), otherwise the browser
// that `npx playwright install chromium` downloads on a normal machine.
import { existsSync } from 'node:fs';

const SYSTEM_CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** The system Chromium's path, or undefined to let Playwright use its own browser. */
export const CHROMIUM_EXECUTABLE: string | undefined = existsSync(SYSTEM_CHROMIUM) ? SYSTEM_CHROMIUM : undefined;

/** Flags that run clean on a closed network (no background requests) and fake the camera. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
  '--use-fake-device-for-media-stream',
  '--use-fake-ui-for-media-stream',
];

/**
 * Gives headless Chromium a WebGPU adapter (SwiftShader's, on the CPU): without it navigator.gpu
 * has none. Added only by the specs and bench runs that use WebGPU, so that every other test runs
 * on the same browser as before.
 */
export const WEBGPU_ARGS = ['--enable-unsafe-webgpu'];
