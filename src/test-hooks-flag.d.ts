/** True only in builds made with `--mode test-hooks` (vite.config.ts): the e2e and bench builds. */
declare const __TEST_HOOKS__: boolean;
