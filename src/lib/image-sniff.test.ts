import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { looksTruncated, readImageSize, sniffImageFormat } from './image-sniff';

const bytes = (...parts: (number[] | string)[]) =>
  Uint8Array.from(parts.flatMap((p) => (typeof p === 'string' ? Array.from(p, (c) => c.charCodeAt(0)) : p)));
const b64 = (s: string) => new Uint8Array(Buffer.from(s, 'base64'));

// Real 1x1 images.
const PNG_1x1 = b64('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==');
const GIF_1x1 = b64('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7');
const u32be = (n: number) => [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];
const u32le = (n: number) => [n & 255, (n >>> 8) & 255, (n >>> 16) & 255, (n >>> 24) & 255];

/** An ISO-BMFF ftyp box with a major brand and compatible brands. */
const ftyp = (major: string, ...compatible: string[]) =>
  bytes(u32be(16 + 4 * compatible.length), 'ftyp', major, [0, 0, 0, 0], ...compatible);

const HYMENOPTERA = process.env.HYMENOPTERA_DIR ?? '../shared/datasets/hymenoptera';
const ANTS = `${HYMENOPTERA}/train/ants`;

describe('sniffImageFormat', () => {
  it('recognises the formats browsers decode by their magic bytes', () => {
    expect(sniffImageFormat(bytes([0xff, 0xd8, 0xff, 0xe0], 'JFIF'))).toEqual({ kind: 'image', format: 'jpeg' });
    expect(sniffImageFormat(PNG_1x1)).toEqual({ kind: 'image', format: 'png' });
    expect(sniffImageFormat(GIF_1x1)).toEqual({ kind: 'image', format: 'gif' });
    expect(sniffImageFormat(bytes('RIFF', u32le(100), 'WEBPVP8 '))).toEqual({ kind: 'image', format: 'webp' });
    expect(sniffImageFormat(bytes('BM', u32le(70), [0, 0, 0, 0], u32le(54), u32le(40)))).toEqual({ kind: 'image', format: 'bmp' });
    expect(sniffImageFormat(ftyp('avif', 'mif1', 'avif'))).toEqual({ kind: 'image', format: 'avif' });
    // AVIF written with the generic HEIF major brand still says avif among its brands.
    expect(sniffImageFormat(ftyp('mif1', 'mif1', 'avif', 'miaf'))).toEqual({ kind: 'image', format: 'avif' });
  });

  it('refuses HEIC, SVG, PDF, text and others by name, whatever the declared type', () => {
    const reason = (b: Uint8Array, type = '') => {
      const result = sniffImageFormat(b, type);
      return result.kind === 'refused' ? result.reason : `accepted as ${result.format}`;
    };
    expect(reason(ftyp('heic', 'mif1', 'heic'), 'image/jpeg')).toMatch(/^HEIC\/HEIF photo/);
    expect(reason(ftyp('mif1', 'mif1', 'heic'))).toMatch(/^HEIC\/HEIF/);
    expect(reason(ftyp('isom', 'isom', 'mp41'))).toMatch(/video/);
    expect(reason(bytes('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"></svg>'), 'image/png')).toMatch(
      /^SVG vector drawing/,
    );
    expect(reason(bytes([0xef, 0xbb, 0xbf], '  <svg width="10"/>'))).toMatch(/^SVG/);
    expect(reason(bytes('%PDF-1.7\n%âãÏÓ'), 'image/jpeg')).toMatch(/^PDF document/);
    expect(reason(bytes('label,file\nant,1.jpg\n'), 'image/jpeg')).toMatch(/^a text file/);
    expect(reason(bytes('<!DOCTYPE html><html></html>'))).toMatch(/web page/);
    expect(reason(bytes([0x49, 0x49, 0x2a, 0x00, 8, 0, 0, 0]))).toMatch(/^TIFF/);
    expect(reason(bytes([0x50, 0x4b, 0x03, 0x04, 20, 0]))).toMatch(/zip archive/);
    expect(reason(bytes([0x00, 0x01, 0x02, 0x03, 0x00, 0xfe]), 'image/x-foo')).toMatch(
      /^not an image format the app knows \(first bytes 00 01 02 03, declared as image\/x-foo\)/,
    );
    expect(reason(new Uint8Array())).toBe('empty file (0 bytes)');
  });

  it('does not take "BM" text for a bitmap', () => {
    expect(sniffImageFormat(bytes('BMW drivers handbook, chapter one.')).kind).toBe('refused');
  });

  it.skipIf(!existsSync(ANTS))('reads the odd real files of the hymenoptera set (a .gif and a .jpeg among .jpg)', () => {
    const gif = readFileSync(`${ANTS}/imageNotFound.gif`);
    const jpeg = readFileSync(`${ANTS}/formica.jpeg`);
    expect(sniffImageFormat(gif)).toEqual({ kind: 'image', format: 'gif' });
    expect(sniffImageFormat(jpeg)).toEqual({ kind: 'image', format: 'jpeg' });
    expect(readImageSize(gif, 'gif')).toEqual({ width: 300, height: 300 });
    expect(readImageSize(jpeg, 'jpeg')).toEqual({ width: 193, height: 130 });
    expect(looksTruncated(jpeg, 'jpeg')).toBe(false);
    expect(looksTruncated(jpeg.subarray(0, jpeg.length / 2), 'jpeg')).toBe(true);
  });
});

describe('readImageSize', () => {
  it('reads width and height from headers, before any decoding', () => {
    expect(readImageSize(PNG_1x1, 'png')).toEqual({ width: 1, height: 1 });
    expect(readImageSize(GIF_1x1, 'gif')).toEqual({ width: 1, height: 1 });
    const png = PNG_1x1.slice();
    png.set(u32be(8000), 16);
    png.set(u32be(6000), 20);
    expect(readImageSize(png, 'png')).toEqual({ width: 8000, height: 6000 });
    // A JPEG whose frame header (SOF0) follows an APP0 segment: height 10, width 20.
    const jpeg = bytes(
      [0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10],
      'JFIF',
      [0, 1, 1, 0, 0, 1, 0, 1, 0, 0],
      [0xff, 0xc0, 0x00, 0x11, 0x08, 0x00, 0x0a, 0x00, 0x14, 0x03],
    );
    expect(readImageSize(jpeg, 'jpeg')).toEqual({ width: 20, height: 10 });
    const bmp = bytes('BM', u32le(70), [0, 0, 0, 0], u32le(54), u32le(40), u32le(640), u32le(-480 >>> 0));
    expect(readImageSize(bmp, 'bmp')).toEqual({ width: 640, height: 480 });
    const vp8x = bytes('RIFF', u32le(100), 'WEBPVP8X', u32le(10), [0, 0, 0, 0], [0x3f, 0x1f, 0x00], [0x6f, 0x17, 0x00]);
    expect(readImageSize(vp8x, 'webp')).toEqual({ width: 8000, height: 6000 });
    expect(readImageSize(ftyp('avif', 'avif'), 'avif')).toBeNull();
  });

  it('finds a JPEG frame size behind stray bytes before its marker, as decoders (libjpeg) skip them', () => {
    const sof = [0xff, 0xc0, 0x00, 0x11, 0x08, 0x2a, 0xf8, 0x2a, 0xf8, 0x03];
    // 11000 x 11000 = 121 MP behind one unexpected 0x00 byte after the APP0 segment.
    const jpeg = bytes([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10], 'JFIF', [0, 1, 1, 0, 0, 1, 0, 1, 0, 0], [0x00], sof);
    expect(readImageSize(jpeg, 'jpeg')).toEqual({ width: 11000, height: 11000 });
  });

  it('takes a GIF first frame larger than its screen, as browsers grow the canvas to it', () => {
    // Screen 1x1, no colour table; first frame 12000 x 9000 at (0, 0).
    const gif = bytes('GIF89a', [1, 0, 1, 0, 0, 0, 0], [0x21, 0xf9, 4, 0, 0, 0, 0, 0], [0x2c, 0, 0, 0, 0, 0xe0, 0x2e, 0x28, 0x23, 0]);
    expect(readImageSize(gif, 'gif')).toEqual({ width: 12000, height: 9000 });
  });

  it('reads an AVIF size from its ispe property (the largest when there are several)', () => {
    const box = (type: string, ...body: (number[] | string)[]) => {
      const inner = bytes(...body);
      return [...u32be(8 + inner.length), ...Array.from(type, (c) => c.charCodeAt(0)), ...inner];
    };
    const ispe = (w: number, h: number) => box('ispe', [0, 0, 0, 0], u32be(w), u32be(h));
    const meta = box(
      'meta',
      [0, 0, 0, 0],
      box('hdlr', [0, 0, 0, 0], [0, 0, 0, 0], 'pict', new Array(13).fill(0)),
      box('iprp', box('ipco', ispe(64, 64), ispe(20000, 10000))),
    );
    const avif = bytes(Array.from(ftyp('avif', 'mif1', 'avif')), meta);
    expect(readImageSize(avif, 'avif')).toEqual({ width: 20000, height: 10000 });
  });
});

describe('looksTruncated', () => {
  it('spots files cut before their end marker', () => {
    expect(looksTruncated(PNG_1x1, 'png')).toBe(false);
    expect(looksTruncated(PNG_1x1.subarray(0, PNG_1x1.length - 12), 'png')).toBe(true);
    expect(looksTruncated(GIF_1x1, 'gif')).toBe(false);
    expect(looksTruncated(GIF_1x1.subarray(0, 20), 'gif')).toBe(true);
    const webp = bytes('RIFF', u32le(1000), 'WEBPVP8 ');
    expect(looksTruncated(webp, 'webp')).toBe(true);
    // Data after a JPEG's end-of-image marker is common (camera trailers) and is not truncation.
    expect(looksTruncated(bytes([0xff, 0xd8, 0xff, 0xe0, 1, 2, 0xff, 0xd9], 'trailer'), 'jpeg')).toBe(false);
    expect(looksTruncated(bytes([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4]), 'jpeg')).toBe(true);
  });
});
