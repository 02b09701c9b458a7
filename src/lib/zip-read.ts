// The one zip reader of the app (dataset zips, project files, model imports). It checks the
// central directory against the limits below BEFORE inflating anything, then inflates one entry
// at a time with fflate's synchronous streaming Inflate (no worker per entry: fflate's async
// `unzip` started one for every large entry, 1,500 workers for a 1.7 MB zip bomb), stopping as
// soon as an entry's real output passes its declared size. Pure: zip-reader.ts runs it in a worker.
import { Inflate } from 'fflate';
import { entryDataRange, readZipDirectory, readZipEntries, ZipFormatError, type ZipDirectoryEntry } from './zip-directory';

/**
 * 20,000 entries: four times the largest dataset the scale bench adds (5,000 images, docs/dataset.md),
 * and it bounds the directory walk itself (46 bytes or more per entry).
 */
export const MAX_ZIP_ENTRIES = 20_000;
/** 200 MB per entry: the same cap as one added image file (image-inspect.ts MAX_FILE_BYTES); a model weight shard is 4 MB. */
export const MAX_ZIP_ENTRY_BYTES = 200 * 1024 * 1024;
/**
 * 1 GB unpacked in all: the page holds the zip and everything in it at once until the images are
 * stored, and a 4 GB classroom laptop's tab dies somewhere above that (about 300 phone photos).
 */
export const MAX_ZIP_TOTAL_BYTES = 1024 * 1024 * 1024;
/**
 * Photos are already compressed, so a zip of photos barely shrinks them (ratio ~1.0-1.1; model
 * weights ~1.1). Over 100x and over 32 MB unpacked means a bomb (the measured one: 1,500 MB of
 * zeros in 1.7 MB, ~900x). Small text-only zips (a model.json) may compress better and stay under 32 MB.
 */
export const MAX_ZIP_EXPANSION = 100;
export const EXPANSION_CHECK_ABOVE_BYTES = 32 * 1024 * 1024;
/** Compressed input per Inflate push: deflate expands at most ~1,032x, so one push yields at most ~17 MB before the size check. */
const INFLATE_INPUT_SLICE = 16 * 1024;

export interface ZipFile {
  /** Path inside the zip, e.g. "ants/a.jpg". Folders themselves are not listed. */
  name: string;
  bytes: Uint8Array<ArrayBuffer>;
}

/** Why a zip was not unpacked; `message` names the zip and says why, for the user. */
export class ZipReadError extends Error {
  constructor(
    readonly zipName: string,
    /** The reason without the zip's name (for lists that name the file already). */
    readonly reason: string,
    readonly kind: 'damaged' | 'limit' | 'unsupported',
  ) {
    super(`"${zipName}" ${reason}`);
    this.name = 'ZipReadError';
  }
}

function sizeText(bytes: number): string {
  const mb = bytes / 1024 / 1024;
  if (mb < 1) return `${Math.max(1, Math.round(bytes / 1024))} KB`;
  if (mb >= 1024) return `${(mb / 1024).toFixed(1)} GB`;
  return `${mb >= 10 ? Math.round(mb) : mb.toFixed(1)} MB`;
}

function notAZip(zipName: string, detail: string): ZipReadError {
  return new ZipReadError(zipName, `is not a zip archive, or the archive is damaged (${detail}).`, 'damaged');
}

function isFolder(entry: ZipDirectoryEntry): boolean {
  return entry.name.endsWith('/');
}

/** The limits, from the directory alone; throws the first one broken. */
export function checkZipLimits(zipName: string, zipBytes: number, declaredCount: number, entries: ZipDirectoryEntry[] | null): void {
  const refuse = (why: string) => new ZipReadError(zipName, `was not unpacked: ${why}`, 'limit');
  if (declaredCount > MAX_ZIP_ENTRIES)
    throw refuse(`it holds ${declaredCount.toLocaleString('en')} files; the limit is ${MAX_ZIP_ENTRIES.toLocaleString('en')}.`);
  if (!entries) return;
  let total = 0;
  for (const entry of entries) {
    if (entry.declaredSize > MAX_ZIP_ENTRY_BYTES) {
      throw refuse(
        `"${entry.name}" inside it would take ${sizeText(entry.declaredSize)} unpacked; the limit is ${sizeText(MAX_ZIP_ENTRY_BYTES)} per file.`,
      );
    }
    total += entry.declaredSize;
  }
  if (total > MAX_ZIP_TOTAL_BYTES) {
    throw refuse(
      `its ${entries.length.toLocaleString('en')} files would take ${sizeText(total)} unpacked; the limit is ${sizeText(MAX_ZIP_TOTAL_BYTES)}.`,
    );
  }
  if (total > EXPANSION_CHECK_ABOVE_BYTES && total > MAX_ZIP_EXPANSION * zipBytes) {
    throw refuse(
      `it would grow from ${sizeText(zipBytes)} to ${sizeText(total)} unpacked (${Math.round(total / zipBytes)} times; the limit is ${MAX_ZIP_EXPANSION} times: a zip of photos hardly shrinks, so this looks like a zip bomb).`,
    );
  }
}

function inflateEntry(zipName: string, compressed: Uint8Array, entry: ZipDirectoryEntry): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(entry.declaredSize);
  let written = 0;
  let overflow = false;
  let finished = false;
  const inflater = new Inflate((chunk, final) => {
    if (written + chunk.length > out.length) overflow = true;
    else out.set(chunk, written);
    written += chunk.length;
    if (final) finished = true;
  });
  try {
    for (let at = 0; at < compressed.length && !overflow; at += INFLATE_INPUT_SLICE) {
      const end = Math.min(compressed.length, at + INFLATE_INPUT_SLICE);
      inflater.push(compressed.subarray(at, end), end === compressed.length);
    }
  } catch (error) {
    throw new ZipReadError(
      zipName,
      `is damaged: "${entry.name}" cannot be unpacked (${error instanceof Error ? error.message : String(error)}).`,
      'damaged',
    );
  }
  if (overflow) {
    throw new ZipReadError(
      zipName,
      `is damaged or a zip bomb: "${entry.name}" unpacks to more than the ${entry.declaredSize.toLocaleString('en')} bytes it declares; unpacking stopped.`,
      'limit',
    );
  }
  if (!finished || written !== entry.declaredSize) {
    throw new ZipReadError(
      zipName,
      `is damaged: "${entry.name}" unpacks to ${written.toLocaleString('en')} bytes, not the ${entry.declaredSize.toLocaleString('en')} it declares.`,
      'damaged',
    );
  }
  return out;
}

/** Checks the limits, then unpacks every file (folders are skipped). Throws ZipReadError. */
export function unpackZip(bytes: Uint8Array, zipName: string): ZipFile[] {
  let entries: ZipDirectoryEntry[];
  try {
    const directory = readZipDirectory(bytes);
    checkZipLimits(zipName, bytes.length, directory.declaredCount, null);
    entries = readZipEntries(bytes, directory);
  } catch (error) {
    if (error instanceof ZipFormatError) throw notAZip(zipName, error.message);
    throw error;
  }
  checkZipLimits(zipName, bytes.length, entries.length, entries);
  const files: ZipFile[] = [];
  for (const entry of entries) {
    if (isFolder(entry)) continue;
    if (entry.flags & 1)
      throw new ZipReadError(zipName, `is password-protected ("${entry.name}"): make a zip without a password.`, 'unsupported');
    let range: { start: number; end: number };
    try {
      range = entryDataRange(bytes, entry);
    } catch (error) {
      throw notAZip(zipName, error instanceof Error ? error.message : String(error));
    }
    const compressed = bytes.subarray(range.start, range.end);
    if (entry.method === 0) {
      if (entry.compressedSize !== entry.declaredSize)
        throw new ZipReadError(zipName, `is damaged: "${entry.name}" is stored with two different sizes.`, 'damaged');
      files.push({ name: entry.name, bytes: compressed.slice() });
    } else if (entry.method === 8) {
      files.push({ name: entry.name, bytes: inflateEntry(zipName, compressed, entry) });
    } else {
      throw new ZipReadError(
        zipName,
        `uses a kind of compression the app cannot unpack (method ${entry.method}, in "${entry.name}"): make it again with the usual "deflate" zip.`,
        'unsupported',
      );
    }
  }
  return files;
}

/** True when the bytes start like a zip archive (local file header or empty archive). */
export function looksLikeZip(head: Uint8Array): boolean {
  return (
    head.length >= 4 &&
    head[0] === 0x50 &&
    head[1] === 0x4b &&
    (head[2] === 0x03 || head[2] === 0x05) &&
    (head[3] === 0x04 || head[3] === 0x06)
  );
}
