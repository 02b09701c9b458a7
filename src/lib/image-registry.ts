// What the page keeps per image, outside the stores: name, type, size, content hash and a small
// thumbnail. The original bytes stay in IndexedDB and are read only when the worker needs them,
// so 5,000 photos cost the page their thumbnails (a few KB each), not their originals.
import { DuplicateIndex } from './content-hash';
import { readOriginal } from './project-db';

export interface RegisteredImage {
  id: string;
  name: string;
  type: string;
  sha256: string;
  width: number;
  height: number;
  byteSize: number;
  thumbnail: Blob;
}

const images = new Map<string, RegisteredImage>();
/** Thumbnail object URLs, made the first time a thumbnail is shown. */
const thumbnailUrls = new Map<string, string>();
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

export function thumbnailUrl(id: string): string | undefined {
  const existing = thumbnailUrls.get(id);
  if (existing) return existing;
  const image = images.get(id);
  if (!image) return undefined;
  const url = URL.createObjectURL(image.thumbnail);
  thumbnailUrls.set(id, url);
  return url;
}

function revokeThumbnail(id: string): void {
  const url = thumbnailUrls.get(id);
  if (url) URL.revokeObjectURL(url);
  thumbnailUrls.delete(id);
}

export function unregisterImages(ids: Iterable<string>): void {
  for (const id of ids) {
    const image = images.get(id);
    if (!image) continue;
    revokeThumbnail(id);
    hashes.release(image.sha256, id);
    images.delete(id);
  }
}

export function clearRegistry(): void {
  for (const id of thumbnailUrls.keys()) revokeThumbnail(id);
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
  const original = await readOriginal(id);
  if (!original) throw new Error(`Image ${id} is no longer in the project`);
  return { id, bytes: await original.arrayBuffer(), type: images.get(id)?.type ?? original.type };
}
