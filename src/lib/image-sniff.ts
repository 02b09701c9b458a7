// Identifies a file by its first bytes (magic numbers), not by its name or the browser-supplied
// MIME type, which are often empty or wrong (a HEIC photo renamed .jpg, a PNG saved as .jpeg).
// Pure: runs in the inspection worker and in vitest.

export type ImageFormat = 'jpeg' | 'png' | 'gif' | 'webp' | 'bmp' | 'avif';

export const IMAGE_FORMAT_MIME: Record<ImageFormat, string> = {
  jpeg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  webp: 'image/webp',
  bmp: 'image/bmp',
  avif: 'image/avif',
};

export const IMAGE_FORMAT_NAME: Record<ImageFormat, string> = {
  jpeg: 'JPEG',
  png: 'PNG',
  gif: 'GIF',
  webp: 'WebP',
  bmp: 'BMP',
  avif: 'AVIF',
};

/** What the first bytes say: a format the app decodes, or a named refusal. */
export type Sniffed = { kind: 'image'; format: ImageFormat } | { kind: 'refused'; reason: string };

const SUPPORTED_LIST = 'use JPEG, PNG, WebP, GIF, BMP or AVIF';

/** How many leading bytes `sniffImageFormat` needs at most. */
export const SNIFF_BYTES = 512;

function ascii(bytes: Uint8Array, start: number, length: number): string {
  let text = '';
  for (let i = start; i < start + length && i < bytes.length; i++) text += String.fromCharCode(bytes[i]);
  return text;
}

function startsWith(bytes: Uint8Array, signature: number[], offset = 0): boolean {
  if (bytes.length < offset + signature.length) return false;
  return signature.every((b, i) => bytes[offset + i] === b);
}

function readU32BE(bytes: Uint8Array, at: number): number {
  return ((bytes[at] << 24) | (bytes[at + 1] << 16) | (bytes[at + 2] << 8) | bytes[at + 3]) >>> 0;
}

function readU32LE(bytes: Uint8Array, at: number): number {
  return (bytes[at] | (bytes[at + 1] << 8) | (bytes[at + 2] << 16) | (bytes[at + 3] << 24)) >>> 0;
}

const HEIF_BRANDS = new Set(['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'hevm', 'hevs', 'mif1', 'msf1', 'mif2']);
const AVIF_BRANDS = new Set(['avif', 'avis']);

/** ISO base media files (AVIF, HEIC, MP4, MOV) start with an `ftyp` box listing brands. */
function sniffIsoMedia(bytes: Uint8Array): Sniffed | null {
  if (ascii(bytes, 4, 4) !== 'ftyp') return null;
  const boxSize = Math.min(readU32BE(bytes, 0), bytes.length);
  const brands = [ascii(bytes, 8, 4)];
  for (let at = 16; at + 4 <= boxSize; at += 4) brands.push(ascii(bytes, at, 4));
  // AVIF files often carry mif1 too, so AVIF brands win over the generic HEIF ones.
  if (brands.some((b) => AVIF_BRANDS.has(b))) return { kind: 'image', format: 'avif' };
  if (brands.some((b) => HEIF_BRANDS.has(b))) {
    return {
      kind: 'refused',
      reason:
        'HEIC/HEIF photo (the iPhone format), which browsers cannot decode: export it as JPEG, or set the iPhone camera to "Most Compatible"',
    };
  }
  return { kind: 'refused', reason: 'a video or other media file (MP4/MOV), not an image' };
}

const BMP_DIB_HEADER_SIZES = new Set([12, 16, 40, 52, 56, 64, 108, 124]);

/** Text formats: SVG (vector drawings have no pixels to learn from), HTML/XML, plain text. */
function sniffText(bytes: Uint8Array): Sniffed | null {
  const start = startsWith(bytes, [0xef, 0xbb, 0xbf]) ? 3 : 0;
  const head = new TextDecoder('utf-8', { fatal: false }).decode(bytes.subarray(start, Math.min(bytes.length, SNIFF_BYTES)));
  const trimmed = head.trimStart().toLowerCase();
  if (trimmed.startsWith('<svg') || ((trimmed.startsWith('<?xml') || trimmed.startsWith('<!doctype svg')) && trimmed.includes('<svg'))) {
    return { kind: 'refused', reason: `SVG vector drawing, not a photo: export it as PNG first (${SUPPORTED_LIST})` };
  }
  if (trimmed.startsWith('<!doctype html') || trimmed.startsWith('<html')) {
    return { kind: 'refused', reason: 'a web page (HTML), not an image: save the picture itself, not the page' };
  }
  // No NUL bytes and almost only printable characters: a text file (notes, CSV, JSON, ...).
  const sample = bytes.subarray(start, Math.min(bytes.length, SNIFF_BYTES));
  if (sample.length === 0) return null;
  let printable = 0;
  for (const b of sample) {
    if (b === 0) return null;
    if (b === 9 || b === 10 || b === 13 || (b >= 32 && b !== 127)) printable++;
  }
  if (printable / sample.length > 0.95) return { kind: 'refused', reason: `a text file, not an image (${SUPPORTED_LIST})` };
  return null;
}

/**
 * Names the format from the first bytes (give at least SNIFF_BYTES when the file is that long).
 * `declaredType` only improves the message for formats the app does not know.
 */
export function sniffImageFormat(bytes: Uint8Array, declaredType = ''): Sniffed {
  if (bytes.length === 0) return { kind: 'refused', reason: 'empty file (0 bytes)' };
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return { kind: 'image', format: 'jpeg' };
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return { kind: 'image', format: 'png' };
  const six = ascii(bytes, 0, 6);
  if (six === 'GIF87a' || six === 'GIF89a') return { kind: 'image', format: 'gif' };
  if (ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 4) === 'WEBP') return { kind: 'image', format: 'webp' };
  if (ascii(bytes, 0, 2) === 'BM' && bytes.length >= 18 && BMP_DIB_HEADER_SIZES.has(readU32LE(bytes, 14)))
    return { kind: 'image', format: 'bmp' };
  const iso = sniffIsoMedia(bytes);
  if (iso) return iso;
  if (ascii(bytes, 0, 5) === '%PDF-')
    return { kind: 'refused', reason: `PDF document, not an image: export its pages as PNG or JPEG first` };
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]))
    return { kind: 'refused', reason: 'a zip archive inside a zip or folder: unpack it first' };
  if (startsWith(bytes, [0x49, 0x49, 0x2a, 0x00]) || startsWith(bytes, [0x4d, 0x4d, 0x00, 0x2a])) {
    return { kind: 'refused', reason: `TIFF image, which browsers cannot decode (${SUPPORTED_LIST})` };
  }
  if (startsWith(bytes, [0x00, 0x00, 0x01, 0x00]))
    return { kind: 'refused', reason: `Windows icon (ICO), not a photo (${SUPPORTED_LIST})` };
  if (startsWith(bytes, [0x38, 0x42, 0x50, 0x53]))
    return { kind: 'refused', reason: `Photoshop document (PSD): export it as PNG or JPEG first` };
  const text = sniffText(bytes);
  if (text) return text;
  const hex = Array.from(bytes.subarray(0, 4), (b) => b.toString(16).padStart(2, '0')).join(' ');
  const declared = declaredType ? `, declared as ${declaredType}` : '';
  return { kind: 'refused', reason: `not an image format the app knows (first bytes ${hex}${declared}); ${SUPPORTED_LIST}` };
}

/**
 * True when the file stops before its format's end marker: a download or copy that did not
 * finish. Used to say "truncated" rather than "corrupt" when decoding fails.
 */
export function looksTruncated(bytes: Uint8Array, format: ImageFormat): boolean {
  const n = bytes.length;
  switch (format) {
    case 'jpeg': {
      // Some cameras append data after the end-of-image marker, so look near the end, not at it.
      for (let i = n - 2; i >= Math.max(0, n - 65536); i--) if (bytes[i] === 0xff && bytes[i + 1] === 0xd9) return false;
      return true;
    }
    case 'png':
      for (let i = n - 8; i >= Math.max(0, n - 4096); i--) if (ascii(bytes, i, 4) === 'IEND') return false;
      return true;
    case 'gif':
      return bytes[n - 1] !== 0x3b && !bytes.subarray(Math.max(0, n - 64)).includes(0x3b);
    case 'webp':
      return n < 12 || readU32LE(bytes, 4) + 8 > n;
    case 'bmp':
      return n < 6 || readU32LE(bytes, 2) > n;
    case 'avif':
      return false;
  }
}

export interface PixelSize {
  width: number;
  height: number;
}

/** Width and height from the header, before decoding (to refuse decompression bombs); null when unknown. */
export function readImageSize(bytes: Uint8Array, format: ImageFormat): PixelSize | null {
  const n = bytes.length;
  switch (format) {
    case 'png':
      return n >= 24 ? { width: readU32BE(bytes, 16), height: readU32BE(bytes, 20) } : null;
    case 'gif':
      return readGifSize(bytes);
    case 'bmp': {
      if (n < 26) return null;
      const width = readU32LE(bytes, 18) | 0;
      const height = readU32LE(bytes, 22) | 0;
      return { width: Math.abs(width), height: Math.abs(height) };
    }
    case 'webp': {
      const chunk = ascii(bytes, 12, 4);
      if (chunk === 'VP8X' && n >= 30) {
        return {
          width: 1 + (bytes[24] | (bytes[25] << 8) | (bytes[26] << 16)),
          height: 1 + (bytes[27] | (bytes[28] << 8) | (bytes[29] << 16)),
        };
      }
      if (chunk === 'VP8 ' && n >= 30)
        return { width: (bytes[26] | (bytes[27] << 8)) & 0x3fff, height: (bytes[28] | (bytes[29] << 8)) & 0x3fff };
      if (chunk === 'VP8L' && n >= 25) {
        const b = (i: number) => bytes[21 + i];
        return { width: 1 + (((b(1) & 0x3f) << 8) | b(0)), height: 1 + (((b(3) & 0x0f) << 10) | (b(2) << 2) | ((b(1) & 0xc0) >> 6)) };
      }
      return null;
    }
    case 'jpeg': {
      let at = 2;
      while (at + 9 < n) {
        // libjpeg skips stray bytes before a marker (with a warning) and decodes on, so must this.
        if (bytes[at] !== 0xff) {
          at++;
          continue;
        }
        const marker = bytes[at + 1];
        // Image data (SOS) or the end (EOI) before any frame header: the size is not in the header.
        if (marker === 0xda || marker === 0xd9) return null;
        if (marker === 0xff) {
          at++;
          continue;
        }
        const length = (bytes[at + 2] << 8) | bytes[at + 3];
        // SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC) carry the frame size.
        if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
          return { height: (bytes[at + 5] << 8) | bytes[at + 6], width: (bytes[at + 7] << 8) | bytes[at + 8] };
        }
        at += 2 + length;
      }
      return null;
    }
    case 'avif':
      return readAvifSize(bytes);
  }
}

/**
 * The logical screen, grown to the first frame when that frame is larger: browsers (Chromium's
 * GIF decoder) draw such a frame whole, so the screen alone understates the decoded size.
 */
function readGifSize(bytes: Uint8Array): PixelSize | null {
  const n = bytes.length;
  if (n < 13) return null;
  let width = bytes[6] | (bytes[7] << 8);
  let height = bytes[8] | (bytes[9] << 8);
  let at = 13 + (bytes[10] & 0x80 ? 3 * 2 ** ((bytes[10] & 7) + 1) : 0);
  while (at < n) {
    const block = bytes[at];
    if (block === 0x2c) {
      if (at + 9 >= n) return null;
      const left = bytes[at + 1] | (bytes[at + 2] << 8);
      const top = bytes[at + 3] | (bytes[at + 4] << 8);
      width = Math.max(width, left + (bytes[at + 5] | (bytes[at + 6] << 8)));
      height = Math.max(height, top + (bytes[at + 7] | (bytes[at + 8] << 8)));
      return { width, height };
    }
    if (block !== 0x21) break;
    // An extension: label, then sub-blocks until a zero length.
    at += 2;
    while (at < n && bytes[at] !== 0) at += bytes[at] + 1;
    at++;
  }
  return { width, height };
}

/** Boxes of interest on the way to the image properties: meta (a full box) > iprp > ipco > ispe. */
const AVIF_CONTAINERS: Record<string, number> = { meta: 4, iprp: 0, ipco: 0 };

/**
 * The largest `ispe` (image spatial extents) property of an AVIF/HEIF file: every image item
 * must have one (ISO 23008-12 6.5.3), and taking the largest covers a primary image with
 * smaller thumbnails or alpha planes beside it. Null when there is none in the bytes given.
 */
function readAvifSize(bytes: Uint8Array): PixelSize | null {
  let best: PixelSize | null = null;
  const walk = (start: number, end: number, depth: number): void => {
    for (let at = start; at + 8 <= end && depth < 4; ) {
      let size = readU32BE(bytes, at);
      const type = ascii(bytes, at + 4, 4);
      let header = 8;
      if (size === 1 && at + 16 <= end) {
        size = readU32BE(bytes, at + 8) * 2 ** 32 + readU32BE(bytes, at + 12);
        header = 16;
      } else if (size === 0) size = end - at;
      if (size < header) return;
      const boxEnd = Math.min(end, at + size);
      if (type === 'ispe' && at + 20 <= boxEnd) {
        const found = { width: readU32BE(bytes, at + 12), height: readU32BE(bytes, at + 16) };
        if (!best || found.width * found.height > best.width * best.height) best = found;
      } else if (type in AVIF_CONTAINERS) walk(at + header + AVIF_CONTAINERS[type], boxEnd, depth + 1);
      at += size;
    }
  };
  walk(0, bytes.length, 0);
  return best;
}
