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

export const SVG = Buffer.from(
  '<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64"><circle cx="32" cy="32" r="30" fill="red"/></svg>\n',
);
export const PDF = Buffer.concat([
  Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n', 'latin1'),
  Buffer.alloc(200, 0x20),
]);
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
export async function drawnImage(
  page: Page,
  { width, height, type }: { width: number; height: number; type: 'image/webp' | 'image/jpeg' | 'image/png' },
): Promise<Buffer> {
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

/**
 * An animated GIF whose frames are solid colours (first frame first). The image data is written
 * with LZW codes that never grow past 3 bits (a clear code every two pixels), which every
 * decoder reads.
 */
export function animatedGif(width: number, height: number, frames: [number, number, number][]): Buffer {
  const palette = [...frames, ...Array.from({ length: 4 - frames.length }, () => [0, 0, 0] as [number, number, number])].slice(0, 4);
  const header = Buffer.alloc(13);
  header.write('GIF89a', 0, 'latin1');
  header.writeUInt16LE(width, 6);
  header.writeUInt16LE(height, 8);
  header[10] = 0xf1; // global colour table of 4 entries
  const parts: Buffer[] = [header, Buffer.from(palette.flat())];
  parts.push(Buffer.from([0x21, 0xff, 0x0b, ...Buffer.from('NETSCAPE2.0', 'latin1'), 0x03, 0x01, 0x00, 0x00, 0x00]));
  frames.forEach((_, index) => {
    parts.push(Buffer.from([0x21, 0xf9, 0x04, 0x00, 0x32, 0x00, 0x00, 0x00])); // 0.5 s per frame
    const descriptor = Buffer.alloc(10);
    descriptor[0] = 0x2c;
    descriptor.writeUInt16LE(width, 5);
    descriptor.writeUInt16LE(height, 7);
    parts.push(descriptor, Buffer.from([0x02]));
    const codes: number[] = [];
    for (let p = 0; p < width * height; p++) {
      if (p % 2 === 0) codes.push(4);
      codes.push(index);
    }
    codes.push(5);
    const bytes: number[] = [];
    let buffer = 0;
    let bits = 0;
    for (const code of codes) {
      buffer |= code << bits;
      bits += 3;
      while (bits >= 8) {
        bytes.push(buffer & 0xff);
        buffer >>= 8;
        bits -= 8;
      }
    }
    if (bits > 0) bytes.push(buffer & 0xff);
    for (let at = 0; at < bytes.length; at += 255) {
      const block = bytes.slice(at, at + 255);
      parts.push(Buffer.from([block.length, ...block]));
    }
    parts.push(Buffer.from([0x00]));
  });
  parts.push(Buffer.from([0x3b]));
  return Buffer.concat(parts);
}
