// The files users actually bring that are not plain JPEGs: built byte by byte here (BMP, HEIC
// and PDF headers, SVG, text, corrupt and truncated JPEGs) or drawn in the page (WebP, a huge
// 8000x6000 photo), plus the real odd files of the hymenoptera set when it is on disk.
import type { Page } from '@playwright/test';
import { existsSync, readFileSync } from 'node:fs';
import type { FileSpec } from './studio';

export const HYMENOPTERA_DIR = process.env.HYMENOPTERA_DIR ?? '../shared/datasets/hymenoptera';

/** The set's real oddities: a .gif and a .jpeg among the .jpg files (null when the set is absent). */
export function hymenopteraOddFiles(): FileSpec[] | null {
  const ants = `${HYMENOPTERA_DIR}/train/ants`;
  if (!existsSync(`${ants}/imageNotFound.gif`)) return null;
  return [
    { path: 'imageNotFound.gif', bytes: readFileSync(`${ants}/imageNotFound.gif`), type: 'image/gif' },
    { path: 'formica.jpeg', bytes: readFileSync(`${ants}/formica.jpeg`), type: 'image/jpeg' },
    { path: '0013035.jpg', bytes: readFileSync(`${ants}/0013035.jpg`), type: 'image/jpeg' },
  ];
}

/** A 24-bit BMP with a colour gradient. */
export function bmp(width: number, height: number): Buffer {
  const rowSize = Math.ceil((width * 3) / 4) * 4;
  const data = Buffer.alloc(54 + rowSize * height);
  data.write('BM', 0, 'latin1');
  data.writeUInt32LE(data.length, 2);
  data.writeUInt32LE(54, 10);
  data.writeUInt32LE(40, 14);
  data.writeInt32LE(width, 18);
  data.writeInt32LE(height, 22);
  data.writeUInt16LE(1, 26);
  data.writeUInt16LE(24, 28);
  data.writeUInt32LE(rowSize * height, 34);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const at = 54 + y * rowSize + x * 3;
      data[at] = (x * 255) / width;
      data[at + 1] = (y * 255) / height;
      data[at + 2] = 128;
    }
  }
  return data;
}

/** The start of an iPhone HEIC photo: an ftyp box with the heic brand, then data. */
export function heicLike(): Buffer {
  const box = Buffer.alloc(24);
  box.writeUInt32BE(24, 0);
  box.write('ftypheic', 4, 'latin1');
  box.write('mif1heic', 16, 'latin1');
  return Buffer.concat([box, Buffer.alloc(400, 7)]);
}

export const SVG = Buffer.from('<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64"><circle cx="32" cy="32" r="30" fill="red"/></svg>\n');
export const PDF = Buffer.concat([Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n', 'latin1'), Buffer.alloc(200, 0x20)]);
export const TEXT = Buffer.from('These are my notes about the ants.\nThey are red.\n');

/** A JPEG whose header is intact but whose image data is garbage (it still ends with EOI). */
export function corruptJpeg(jpeg: Buffer): Buffer {
  const bad = Buffer.from(jpeg);
  for (let i = 400; i < bad.length - 2; i++) bad[i] = (i * 7919) & 255;
  return bad;
}

export function truncated(bytes: Buffer, fraction = 0.6): Buffer {
  return bytes.subarray(0, Math.floor(bytes.length * fraction));
}

/** An image drawn in the page and encoded by the browser (WebP, or a huge JPEG). */
export async function drawnImage(page: Page, { width, height, type }: { width: number; height: number; type: 'image/webp' | 'image/jpeg' | 'image/png' }): Promise<Buffer> {
  const base64 = await page.evaluate(
    async ({ width, height, type }) => {
      const canvas = new OffscreenCanvas(width, height);
      const ctx = canvas.getContext('2d')!;
      const gradient = ctx.createLinearGradient(0, 0, width, height);
      gradient.addColorStop(0, '#1d4ed8');
      gradient.addColorStop(1, '#f59e0b');
      ctx.fillStyle = gradient;
      ctx.fillRect(0, 0, width, height);
      ctx.fillStyle = '#dc2626';
      ctx.beginPath();
      ctx.arc(width / 2, height / 2, Math.min(width, height) / 3, 0, Math.PI * 2);
      ctx.fill();
      const bytes = new Uint8Array(await (await canvas.convertToBlob({ type, quality: 0.8 })).arrayBuffer());
      let binary = '';
      for (let k = 0; k < bytes.length; k += 0x8000) binary += String.fromCharCode(...bytes.subarray(k, k + 0x8000));
      return btoa(binary);
    },
    { width, height, type },
  );
  return Buffer.from(base64, 'base64');
}
