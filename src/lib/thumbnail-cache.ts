// Thumbnails as object URLs, made only for images that are (or were recently) on screen: a
// least-recently-used cache in front of IndexedDB, so the page holds a few hundred small blobs
// whether the project has fifty images or fifty thousand.
import { readThumbnail } from './project-db';

const MAX_CACHED = 2000;

interface CachedThumbnail {
  blob: Blob;
  url: string | null;
}

const cache = new Map<string, CachedThumbnail>();
const loading = new Map<string, Promise<string | undefined>>();

function evict(): void {
  for (const [id, entry] of cache) {
    if (cache.size <= MAX_CACHED) return;
    if (entry.url) URL.revokeObjectURL(entry.url);
    cache.delete(id);
  }
}

/** Keeps a just-made thumbnail so it shows without a storage read. */
export function rememberThumbnail(id: string, blob: Blob): void {
  cache.delete(id);
  cache.set(id, { blob, url: null });
  evict();
}

/** The thumbnail's URL when it is cached (and marks it recently used); undefined otherwise. */
export function cachedThumbnailUrl(id: string): string | undefined {
  const entry = cache.get(id);
  if (!entry) return undefined;
  cache.delete(id);
  cache.set(id, entry);
  entry.url ??= URL.createObjectURL(entry.blob);
  return entry.url;
}

/** The thumbnail's URL, read from storage when it is not cached; undefined when it is not stored. */
export function loadThumbnailUrl(id: string): Promise<string | undefined> {
  const cached = cachedThumbnailUrl(id);
  if (cached) return Promise.resolve(cached);
  let pending = loading.get(id);
  if (!pending) {
    pending = readThumbnail(id)
      .then((blob) => {
        if (!blob) return undefined;
        rememberThumbnail(id, blob);
        return cachedThumbnailUrl(id);
      })
      .catch(() => undefined)
      .finally(() => loading.delete(id));
    loading.set(id, pending);
  }
  return pending;
}

export function forgetThumbnails(ids: Iterable<string>): void {
  for (const id of ids) {
    const entry = cache.get(id);
    if (entry?.url) URL.revokeObjectURL(entry.url);
    cache.delete(id);
  }
}

export function clearThumbnails(): void {
  forgetThumbnails([...cache.keys()]);
}
