/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { createReadStream, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Plugin } from 'vite';
import { contentSecurityPolicy } from './scripts/content-security-policy';

// tfjs packages are imported only by the worker; without listing them the dev server discovers
// them late and reloads the page mid-session ("optimized dependencies changed").
const TFJS_PACKAGES = [
  '@tensorflow/tfjs',
  '@tensorflow/tfjs-backend-wasm',
  '@tensorflow/tfjs-backend-webgl',
  'comlink',
];

/**
 * Serves TensorFlow.js's browser bundle (node_modules/@tensorflow/tfjs/dist/tf.min.js) byte for
 * byte at <base>vendor/tf.min.js, in the dev server and in the build, so the export dialog can put
 * it in the standalone example zip without a CDN. (An `?url` import would do for the build, but the
 * dev server appends a 22 MB inline source map to any .js file it serves.)
 */
function vendorTfjs(): Plugin {
  const file = createRequire(import.meta.url).resolve('@tensorflow/tfjs/dist/tf.min.js');
  const path = 'vendor/tf.min.js';
  return {
    name: 'transfer-lab-vendor-tfjs',
    configureServer(server) {
      server.middlewares.use(`${server.config.base}${path}`, (_request, response) => {
        response.setHeader('Content-Type', 'text/javascript; charset=utf-8');
        createReadStream(file).pipe(response);
      });
    },
    generateBundle() {
      this.emitFile({ type: 'asset', fileName: path, source: readFileSync(file) });
    },
  };
}

/**
 * The build mode that installs the test hooks (src/app/test-hooks.ts and the worker's
 * test-hooks-service.ts): only the Playwright and bench builds pass `--mode test-hooks`. Every
 * other build, `npm run build` included, gets `__TEST_HOOKS__ = false` and drops them entirely.
 */
const TEST_HOOKS_MODE = 'test-hooks';

export default defineConfig(({ mode }) => ({
  plugins: [react(), vendorTfjs(), contentSecurityPolicy()],
  define: { __TEST_HOOKS__: JSON.stringify(mode === TEST_HOOKS_MODE) },
  // Kept in the checkout (not node_modules/.vite) so worktrees sharing node_modules do not share it.
  cacheDir: '.vite-cache',
  optimizeDeps: { include: TFJS_PACKAGES },
  worker: { format: 'es' },
  build: { target: 'es2022', chunkSizeWarningLimit: 4000 },
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'scripts/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    pool: 'forks',
  },
}));
