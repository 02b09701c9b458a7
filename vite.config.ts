/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// tfjs packages are imported only by the worker; without listing them the dev server discovers
// them late and reloads the page mid-session ("optimized dependencies changed").
const TFJS_PACKAGES = [
  '@tensorflow/tfjs',
  '@tensorflow/tfjs-backend-wasm',
  '@tensorflow/tfjs-backend-webgl',
  'comlink',
];

export default defineConfig({
  plugins: [react()],
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
});
