/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { createReadStream, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Plugin } from 'vite';
import { contentSecurityPolicy } from './scripts/content-security-policy';
import { VitePWA } from 'vite-plugin-pwa';

// tfjs packages are imported only by the worker; without listing them the dev server discovers
// them late and reloads the page mid-session ("optimized dependencies changed").
const TFJS_PACKAGES = ['@tensorflow/tfjs', '@tensorflow/tfjs-backend-wasm', '@tensorflow/tfjs-backend-webgl', 'comlink'];

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

/** The default trunk, precached with the app so a class can train offline after one visit. */
const DEFAULT_TRUNK_FILES = 'models/mobilenet_v2_0.35_224/*';
/**
 * Workbox skips bigger files without a word; the largest precached file is the ML worker bundle
 * (2.4 MB), then the decode worker (1.9 MB) and the default trunk's weights (1.6 MB).
 */
const PRECACHE_FILE_LIMIT = 4 * 1024 * 1024;

/**
 * Offline and installable: a service worker (Workbox, generated at build time) precaches the app,
 * its workers and wasm binaries, tf.min.js for the standalone example export, and the default
 * trunk. Other trunks are cached the first time they load. A new version waits until the user
 * agrees to reload (registerType 'prompt', features/shell/UpdateBanner.tsx).
 */
function offlineApp() {
  return VitePWA({
    registerType: 'prompt',
    injectRegister: false,
    manifest: {
      name: 'Transfer Lab',
      short_name: 'Transfer Lab',
      description: 'Train an image classifier on a pretrained MobileNet in your browser, offline too.',
      start_url: '.',
      scope: '.',
      display: 'standalone',
      background_color: '#f3f4f6',
      theme_color: '#1d4ed8',
      icons: [
        { src: 'icons/icon-192.png', sizes: '192x192', type: 'image/png' },
        { src: 'icons/icon-512.png', sizes: '512x512', type: 'image/png' },
        { src: 'icons/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
      ],
    },
    workbox: {
      globPatterns: ['**/*.{js,css,html,wasm,svg,png,webmanifest}', DEFAULT_TRUNK_FILES, 'models/index.json'],
      maximumFileSizeToCacheInBytes: PRECACHE_FILE_LIMIT,
      navigateFallback: 'index.html',
      cleanupOutdatedCaches: true,
      runtimeCaching: [
        {
          // Any other installed trunk: cached the first time it is used, then served offline.
          urlPattern: ({ url, sameOrigin }) => sameOrigin && url.pathname.includes('/models/'),
          handler: 'CacheFirst',
          options: { cacheName: 'transfer-lab-trunks', expiration: { maxEntries: 200 } },
        },
      ],
    },
  });
}

/**
 * The build mode that installs the test hooks (src/app/test-hooks.ts and the worker's
 * test-hooks-service.ts): only the Playwright and bench builds pass `--mode test-hooks`. Every
 * other build, `npm run build` included, gets `__TEST_HOOKS__ = false` and drops them entirely.
 */
const TEST_HOOKS_MODE = 'test-hooks';

export default defineConfig(({ mode }) => ({
  plugins: [react(), vendorTfjs(), contentSecurityPolicy(), offlineApp()],
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
