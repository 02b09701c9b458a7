// What the page keeps per image, outside the stores: name, type, size and content hash. The
// original bytes stay in IndexedDB and are read only when the worker needs them; thumbnails are
// read when they come into view (thumbnail-cache.ts). 5,000 photos cost the page a few hundred
// bytes each.
import { DuplicateIndex } from './content-hash';
import { readOriginals } from './project-db';
import { clearThumbnails, forgetThumbnails } from './thumbnail-cache';

export interface RegisteredImage {
  id: string;
  name: string;
  type: string;
  sha256: string;
  width: number;
  height: number;
  byteSize: number;
}

const images = new Map<string, RegisteredImage>();
/** Content hash -> id of the image in the project holding it (duplicates are refused). */
const hashes = new DuplicateIndex<string>();

export function registerImages(list: RegisteredImage[]): void {
  for (const image of list) {
    images.set(image.id, image);
    hashes.claim(image.sha256, image.id);
  }
}

export function getImage(id: string): RegisteredImage | undefined {
  return images.get(id);
}

export function unregisterImages(ids: Iterable<string>): void {
  const list = [...ids];
  forgetThumbnails(list);
  for (const id of list) {
    const image = images.get(id);
    if (!image) continue;
    hashes.release(image.sha256, id);
    images.delete(id);
  }
}

export function clearRegistry(): void {
  clearThumbnails();
  images.clear();
  hashes.clear();
}

/**
 * Reserves `sha256` for image `id`; returns the id already holding it instead when there is one.
 * Synchronous, so two drops at once cannot both add the same content.
 */
export function claimHash(sha256: string, id: string): string | null {
  return hashes.claim(sha256, id);
}

export function releaseHash(sha256: string, id: string): void {
  hashes.release(sha256, id);
}

/** Takes images out of duplicate checks while they wait for undo (they are not in the project). */
export function releaseHashesOf(ids: Iterable<string>): void {
  for (const id of ids) {
    const image = images.get(id);
    if (image) hashes.release(image.sha256, id);
  }
}

/** Puts images waiting for undo back into duplicate checks. */
export function reclaimHashesOf(ids: Iterable<string>): void {
  for (const id of ids) {
    const image = images.get(id);
    if (image) hashes.claim(image.sha256, id);
  }
}

export function registeredImageCount(): number {
  return images.size;
}

/** The original bytes of an image in the project, from storage. */
export async function readImageBytes(id: string): Promise<{ id: string; bytes: ArrayBuffer; type: string }> {
  const [original] = await readOriginalHandles([id]);
  return { ...original, bytes: await original.bytes.arrayBuffer() };
}

/** Images read per transaction by readOriginalHandles: each group's requests are made in one short task. */
const READ_GROUP_SIZE = 32;

/**
 * The originals of many images, in order, as the Blob handles storage gives (the bytes stay in
 * the browser's blob store until a decoder reads them; a worker can be sent the handle). Read a
 * group at a time, one transaction per group, so a long list never keeps the page busy in one
 * long task.
 */
export async function readOriginalHandles(ids: string[]): Promise<{ id: string; bytes: Blob; type: string }[]> {
  const out: { id: string; bytes: Blob; type: string }[] = [];
  for (let start = 0; start < ids.length; start += READ_GROUP_SIZE) {
    const group = ids.slice(start, start + READ_GROUP_SIZE);
    const originals = await readOriginals(group);
    group.forEach((id, i) => {
      const original = originals[i];
      if (!original) throw new Error(`Image ${id} is no longer in the project`);
      out.push({ id, bytes: original, type: images.get(id)?.type ?? original.type });
    });
  }
  return out;
}

/** Ids of every registered image (also those deleted while their undo is still offered). */
export function registeredImageIds(): string[] {
  return [...images.keys()];
}
