import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { lyingZip, zerosBomb } from '../../e2e/helpers/zip-bomb';
import { MAX_ZIP_ENTRIES, MAX_ZIP_TOTAL_BYTES, unpackZip, ZipReadError } from './zip-read';
import { readZip } from './zip-reader';

function caught(run: () => unknown): ZipReadError {
  try {
    run();
  } catch (error) {
    if (error instanceof ZipReadError) return error;
    throw error;
  }
  throw new Error('no error was thrown');
}

describe('unpackZip', () => {
  it('unpacks stored and deflated files, skips folders, keeps paths and bytes', () => {
    const photo = Uint8Array.from({ length: 5000 }, (_, i) => (i * 7) % 251);
    const zip = zipSync({ 'ants/a.jpg': [photo, { level: 0 }], 'bees/b.txt': strToU8('hello '.repeat(100)), 'empty/': new Uint8Array(0) });
    const files = unpackZip(zip, 'set.zip');
    expect(files.map((f) => f.name)).toEqual(['ants/a.jpg', 'bees/b.txt']);
    expect(files[0].bytes).toEqual(photo);
    expect(new TextDecoder().decode(files[1].bytes)).toBe('hello '.repeat(100));
  });

  it('refuses the measured zip bomb (1,500 x 1 MB of zeros) from its directory, naming the zip and the limit', () => {
    const bomb = zerosBomb();
    expect(bomb.length).toBeLessThan(2 * 1024 * 1024);
    const error = caught(() => unpackZip(bomb, 'bomb.zip'));
    expect(error.kind).toBe('limit');
    expect(error.message).toBe('"bomb.zip" was not unpacked: its 1,500 files would take 1.5 GB unpacked; the limit is 1.0 GB.');
    expect(1500 * 1024 * 1024).toBeGreaterThan(MAX_ZIP_TOTAL_BYTES);
  });

  it('refuses a small bomb by its expansion ratio and too many entries by their count', () => {
    // 40 x 1 MB of zeros in ~40 KB: far under the total limit, but 1,000 times its size.
    expect(caught(() => unpackZip(zerosBomb(40), 'small-bomb.zip')).message).toMatch(
      /^"small-bomb\.zip" was not unpacked: it would grow from \d+ KB to 40 MB unpacked \(\d+ times; the limit is 100 times/,
    );
    const many = zerosBomb(MAX_ZIP_ENTRIES + 1, 1);
    expect(caught(() => unpackZip(many, 'many.zip')).message).toBe(
      '"many.zip" was not unpacked: it holds 20,001 files; the limit is 20,000.',
    );
  });

  it('stops an entry whose real output passes its declared size, and one that falls short', () => {
    const over = caught(() => unpackZip(lyingZip(1000, 5 * 1024 * 1024), 'liar.zip'));
    expect(over.message).toBe(
      '"liar.zip" is damaged or a zip bomb: "photo.jpg" unpacks to more than the 1,000 bytes it declares; unpacking stopped.',
    );
    const under = caught(() => unpackZip(lyingZip(5000, 1000), 'short.zip'));
    expect(under.message).toBe('"short.zip" is damaged: "photo.jpg" unpacks to 1,000 bytes, not the 5,000 it declares.');
  });

  it('says when the bytes are not a zip at all, or the zip is cut short', () => {
    expect(caught(() => unpackZip(strToU8('just some text'), 'notes.zip')).message).toBe(
      '"notes.zip" is not a zip archive, or the archive is damaged (no end-of-archive record).',
    );
    const zip = zipSync({ 'a.txt': strToU8('x'.repeat(1000)) });
    expect(caught(() => unpackZip(zip.subarray(0, zip.length - 30), 'cut.zip')).kind).toBe('damaged');
  });
});

describe('readZip', () => {
  it('reads a File the same way where no worker can start (Node)', async () => {
    const zip = zipSync({ 'a/b.png': new Uint8Array([1, 2, 3]) });
    const files = await readZip(new Blob([zip]), 'x.zip');
    expect(files).toEqual([{ name: 'a/b.png', bytes: new Uint8Array([1, 2, 3]) }]);
    await expect(readZip(new Blob([zerosBomb()]), 'bomb.zip')).rejects.toThrow(/the limit is 1\.0 GB/);
  });
});
