// Draws the app icons in public/icons/ from public/favicon.svg with headless Chromium, so the
// PNGs always match the favicon: `npx tsx scripts/make-icons.ts` (the PNGs are committed).
// Maskable: the same mark inside the central 80% "safe zone" on a full-bleed background.
import { chromium } from '@playwright/test';
import { mkdir, readFile } from 'node:fs/promises';
import { CHROMIUM_ARGS, CHROMIUM_EXECUTABLE } from './chromium';

const svg = await readFile('public/favicon.svg', 'utf8');
const mark = svg.replace('<rect width="32" height="32" rx="6" fill="#2563eb"/>', '');
const ICONS = [
  { file: 'icon-192.png', size: 192, html: svg },
  { file: 'icon-512.png', size: 512, html: svg },
  {
    file: 'icon-maskable-512.png',
    size: 512,
    html: `<div style="width:100%;height:100%;background:#2563eb;display:grid;place-items:center">${mark.replace('<svg ', '<svg style="width:70%;height:70%" ')}</div>`,
  },
  {
    file: 'apple-touch-icon-180.png',
    size: 180,
    html: `<div style="width:100%;height:100%;background:#2563eb;display:grid;place-items:center">${mark.replace('<svg ', '<svg style="width:80%;height:80%" ')}</div>`,
  },
];

await mkdir('public/icons', { recursive: true });
const browser = await chromium.launch({ executablePath: CHROMIUM_EXECUTABLE, args: CHROMIUM_ARGS });
for (const icon of ICONS) {
  const page = await browser.newPage({ viewport: { width: icon.size, height: icon.size } });
  await page.setContent(
    `<style>html,body{margin:0;width:100%;height:100%;background:transparent}body>svg{width:100%;height:100%;display:block}</style>${icon.html}`,
  );
  await page.screenshot({ path: `public/icons/${icon.file}`, omitBackground: true });
  await page.close();
}
await browser.close();
