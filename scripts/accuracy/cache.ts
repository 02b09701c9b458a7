// Where scripts/accuracy keeps embeddings: one .bin (float32 rows) + one .json (photo list) per dataset, trunk and view.
import { readFileSync } from 'node:fs';
import path from 'node:path';

export interface CachedPhoto {
  /** The dataset's split folder: train, test or val. */
  split: string;
  label: string;
  file: string;
}

export function cacheFile(dir: string, dataset: string, trunk: string, view: string): { bin: string; json: string } {
  const base = path.join(dir, `${dataset}--${trunk}--${view}`);
  return { bin: `${base}.bin`, json: `${base}.json` };
}

export function readCache(dir: string, dataset: string, trunk: string, view: string): { photos: CachedPhoto[]; rows: Float32Array[] } {
  const files = cacheFile(dir, dataset, trunk, view);
  const meta = JSON.parse(readFileSync(files.json, 'utf8')) as { size: number; photos: CachedPhoto[] };
  const buffer = readFileSync(files.bin);
  const flat = new Float32Array(buffer.buffer, buffer.byteOffset, buffer.byteLength / 4);
  const rows = meta.photos.map((_, i) => flat.slice(i * meta.size, (i + 1) * meta.size));
  return { photos: meta.photos, rows };
}
