// The Content-Security-Policy of the built app, put into index.html as a <meta http-equiv> at
// build time (vite.config.ts). Not in the dev server: there @vitejs/plugin-react injects an
// inline script (the React refresh preamble) that a strict script-src would block.
import type { Plugin } from 'vite';

/**
 * Each source is here because the app needs it (checked by e2e/input-checks.spec.ts, which trains
 * with this policy and fails on any violation):
 * - script-src 'wasm-unsafe-eval': the tfjs wasm backend compiles its WebAssembly; nothing uses eval.
 * - worker-src 'self' blob:: the app's module workers are same-origin files (a service worker is
 *   too); fflate's async unzip starts its workers from blob: URLs.
 * - connect-src 'self' https:: the installed trunks, wasm binaries and vendor/tf.min.js are fetched
 *   from the app; a trunk may be loaded from any https address (trunk-url.ts); blob: and data: for
 *   reading back the app's own object URLs.
 * - img-src / media-src blob: data: mediastream:: thumbnails, previews and the webcam.
 * - style-src 'unsafe-inline': React and recharts write style attributes.
 */
export const APP_CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self' blob:",
  "connect-src 'self' https: blob: data:",
  "img-src 'self' blob: data:",
  "media-src 'self' blob: mediastream:",
  "style-src 'self' 'unsafe-inline'",
  "font-src 'self' data:",
  "manifest-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join('; ');

export function contentSecurityPolicy(): Plugin {
  return {
    name: 'transfer-lab-content-security-policy',
    apply: 'build',
    transformIndexHtml: {
      order: 'pre',
      handler: () => [
        { tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: APP_CONTENT_SECURITY_POLICY }, injectTo: 'head-prepend' },
      ],
    },
  };
}
