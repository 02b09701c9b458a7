// Generates test photos inside the browser (coloured shapes on noisy backgrounds), so the suite
// needs no image files and runs anywhere.
import type { Page } from '@playwright/test';

export type Shape = 'circle' | 'square' | 'triangle';

export interface GeneratedImage {
  name: string;
  mimeType: string;
  buffer: Buffer;
}

export interface ShapeSpec {
  shape: Shape;
  color: string;
  count: number;
  seed: number;
  size?: number;
  type?: 'image/png' | 'image/jpeg';
}

export async function generateShapeImages(page: Page, spec: ShapeSpec): Promise<GeneratedImage[]> {
  const encoded = await page.evaluate(async ({ shape, color, count, seed, size = 160, type = 'image/png' }) => {
    let state = seed >>> 0;
    const random = () => {
      state = (state + 0x6d2b79f5) >>> 0;
      let t = state;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    const images: string[] = [];
    for (let i = 0; i < count; i++) {
      const canvas = new OffscreenCanvas(size, Math.round(size * (0.75 + random() * 0.5)));
      const ctx = canvas.getContext('2d')!;
      const grey = 200 + Math.floor(random() * 55);
      ctx.fillStyle = `rgb(${grey},${grey},${grey})`;
      ctx.fillRect(0, 0, canvas.width, canvas.height);
      for (let n = 0; n < 40; n++) {
        const g = Math.floor(random() * 255);
        ctx.fillStyle = `rgba(${g},${g},${g},0.15)`;
        ctx.fillRect(random() * canvas.width, random() * canvas.height, 6, 6);
      }
      const r = canvas.height * (0.22 + random() * 0.12);
      const cx = canvas.width / 2 + (random() - 0.5) * canvas.width * 0.2;
      const cy = canvas.height / 2 + (random() - 0.5) * canvas.height * 0.2;
      ctx.fillStyle = color;
      ctx.beginPath();
      if (shape === 'circle') ctx.arc(cx, cy, r, 0, Math.PI * 2);
      if (shape === 'square') ctx.rect(cx - r, cy - r, 2 * r, 2 * r);
      if (shape === 'triangle') {
        ctx.moveTo(cx, cy - r);
        ctx.lineTo(cx + r, cy + r);
        ctx.lineTo(cx - r, cy + r);
        ctx.closePath();
      }
      ctx.fill();
      const blob = await canvas.convertToBlob({ type, quality: 0.9 });
      const bytes = new Uint8Array(await blob.arrayBuffer());
      let binary = '';
      for (let k = 0; k < bytes.length; k += 0x8000) binary += String.fromCharCode(...bytes.subarray(k, k + 0x8000));
      images.push(btoa(binary));
    }
    return images;
  }, spec);
  const extension = spec.type === 'image/jpeg' ? 'jpg' : 'png';
  return encoded.map((base64, i) => ({
    name: `${spec.shape}-${spec.seed}-${i}.${extension}`,
    mimeType: spec.type ?? 'image/png',
    buffer: Buffer.from(base64, 'base64'),
  }));
}
