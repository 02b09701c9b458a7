// Decodes photo files to RGBA pixels in Chromium, as the app does (EXIF orientation applied), for
// the accuracy scripts that run the project's ML code on Node.
import { chromium } from '@playwright/test';
import { readFileSync } from 'node:fs';
import type { PixelImage } from '../../src/ml/preprocess';

export interface PhotoDecoder {
  decode(file: string): Promise<PixelImage>;
  close(): Promise<void>;
}

export async function openDecoder(): Promise<PhotoDecoder> {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu'],
  });
  const page = await browser.newPage();
  await page.evaluate('globalThis.__name = (f) => f');
  return {
    async decode(file: string): Promise<PixelImage> {
      const base64 = readFileSync(file).toString('base64');
      const out = await page.evaluate(async (b64) => {
        const blob = new Blob([Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))]);
        const bitmap = await createImageBitmap(blob, { imageOrientation: 'from-image' });
        const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
        const ctx = canvas.getContext('2d')!;
        ctx.drawImage(bitmap, 0, 0);
        const data = ctx.getImageData(0, 0, bitmap.width, bitmap.height).data;
        let binary = '';
        for (let k = 0; k < data.length; k += 0x8000) binary += String.fromCharCode(...data.subarray(k, k + 0x8000));
        return { width: bitmap.width, height: bitmap.height, base64: btoa(binary) };
      }, base64);
      return { width: out.width, height: out.height, data: new Uint8ClampedArray(Buffer.from(out.base64, 'base64')) };
    },
    close: () => browser.close(),
  };
}
