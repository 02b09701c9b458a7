// Embeds every photo of a dataset once per view (the photo, its mirror image, a zoomed centre
// crop, ...) with one trunk, and caches the embeddings on disk (outside the repository), so
// that head levers can then be measured in seconds by scripts/accuracy/levers.ts.
// Chromium decodes the photos (as the app does); the project's ML core embeds them on Node's
// wasm backend. Views are made from the decoded pixels by src/ml/augment-views.ts, the same
// code the app uses.
// Several trunks, comma-separated, embed the same decoded photos in one run, so their times per
// photo can be compared. A trunk written ID-avgmax caches, under that name, the average-pooled and
// the max-pooled vector of the trunk's last feature map side by side (1280 + 1280 for V2 α0.35):
// the map comes from the model inside the trunk's pooling (Sequential[functional up to out_relu,
// GlobalAveragePooling2D] for V2 α0.35), pooled here both ways.
// Usage: npx tsx scripts/accuracy/embed-views.ts --dataset ../shared/datasets/hymenoptera
//          [--trunk mobilenet_v2_0.35_224[,mobilenet_v1_0.25_224,mobilenet_v2_0.35_224-avgmax]] [--views centre,mirror]
//          [--cache /tmp/acc-cache] [--models ../shared/models] [--retime]
// --retime embeds the views already cached too (timed, not rewritten), so a cached trunk can be timed beside new ones.
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { embedPixels } from '../../src/ml/embed';
import { preprocessPixels } from '../../src/ml/preprocess';
import { readRows } from '../../src/ml/rows';
import { VIEW_NAMES, makeView, type ViewName } from '../../src/ml/augment-views';
import type { PixelImage } from '../../src/ml/preprocess';
import { modelDirHandler } from '../../src/ml/testing/model-dir';
import { loadTrunk, type Trunk } from '../../src/ml/trunk';
import { cacheFile, type CachedPhoto } from './cache';
import { openDecoder } from './decode';
import { textFlag } from './text-flag';

const dataset = path.resolve(textFlag('dataset', '../shared/datasets/hymenoptera'));
const trunkIds = textFlag('trunk', 'mobilenet_v2_0.35_224').split(',');
const AVGMAX = '-avgmax';
const retime = process.argv.includes('--retime');
const cacheDir = textFlag('cache', '/tmp/acc-cache');
const modelsDir = path.resolve(textFlag('models', '../shared/models'));
const views = textFlag('views', VIEW_NAMES.join(',')).split(',') as ViewName[];
for (const v of views) if (!VIEW_NAMES.includes(v)) throw new Error(`unknown view ${v}; known: ${VIEW_NAMES.join(', ')}`);

// Every photo of every split folder (train/, test/, val/), in a fixed order.
const photos: CachedPhoto[] = [];
for (const split of readdirSync(dataset).sort()) {
  if (!existsSync(path.join(dataset, split)) || split.includes('.')) continue;
  for (const label of readdirSync(path.join(dataset, split)).sort()) {
    for (const f of readdirSync(path.join(dataset, split, label)).sort()) {
      if (/\.(jpe?g|png|gif)$/i.test(f)) photos.push({ split, label, file: f });
    }
  }
}
process.stderr.write(`${photos.length} photos in ${dataset}\n`);

const decoder = await openDecoder();

/** The model inside the trunk's global average pooling: it outputs the [h, w, channels] map. */
function featureMapModel(trunk: Trunk): tf.LayersModel {
  const last = trunk.model.layers[trunk.model.layers.length - 1];
  if (last.getClassName() !== 'GlobalAveragePooling2D') throw new Error(`${trunk.id} does not end in global average pooling`);
  const inner = trunk.model.layers.filter((layer) => layer.getClassName() !== 'InputLayer');
  if (inner.length === 2 && inner[0] instanceof tf.LayersModel) return inner[0];
  const map = last.input;
  if (Array.isArray(map)) throw new Error(`${trunk.id}: the pooling has several inputs`);
  return tf.model({ inputs: trunk.model.inputs, outputs: map });
}

/** [average-pooled | max-pooled] of the feature map, one row per image. */
async function embedAvgMax(trunk: Trunk, mapModel: tf.LayersModel, images: PixelImage[]): Promise<Float32Array[]> {
  const batch = preprocessPixels(images, trunk.imageSize);
  const pooled = tf.tidy(() => {
    const map = mapModel.predict(batch) as tf.Tensor4D;
    return tf.concat([map.mean([1, 2]), map.max([1, 2])], 1);
  });
  batch.dispose();
  try {
    return await readRows(pooled);
  } finally {
    pooled.dispose();
  }
}

await tf.setBackend('wasm');
mkdirSync(cacheDir, { recursive: true });
const name = path.basename(dataset);
interface Job {
  id: string;
  trunk: Trunk;
  /** Set for ID-avgmax: the model that outputs the map before pooling. */
  mapModel: tf.LayersModel | null;
  /** Views not cached yet: embedded and written. */
  pending: ViewName[];
  /** Views embedded (and timed) in this run: the pending ones, or all with --retime. */
  embedded: ViewName[];
  perView: Map<ViewName, Float32Array[]>;
  embedMs: number;
}
const jobs: Job[] = [];
for (const id of trunkIds) {
  const sourceId = id.endsWith(AVGMAX) ? id.slice(0, -AVGMAX.length) : id;
  const trunk = await loadTrunk(modelDirHandler(path.join(modelsDir, sourceId)), sourceId);
  const pending = views.filter((v) => !existsSync(cacheFile(cacheDir, name, id, v).bin));
  jobs.push({
    id,
    trunk,
    mapModel: id.endsWith(AVGMAX) ? featureMapModel(trunk) : null,
    pending,
    embedded: retime ? views : pending,
    perView: new Map(views.map((v) => [v, []])),
    embedMs: 0,
  });
}
// One warm-up batch per trunk, so the first timed batch does not pay for kernel setup.
const blank: PixelImage = { width: 224, height: 224, data: new Uint8ClampedArray(224 * 224 * 4) };
for (const job of jobs) await (job.mapModel ? embedAvgMax(job.trunk, job.mapModel, [blank]) : embedPixels(job.trunk, [blank]));
const started = performance.now();
const CHUNK = 16;
for (let start = 0; start < photos.length && jobs.some((j) => j.embedded.length > 0); start += CHUNK) {
  const decoded = await Promise.all(
    photos.slice(start, start + CHUNK).map((p) => decoder.decode(path.join(dataset, p.split, p.label, p.file))),
  );
  for (const v of views) {
    const images = decoded.map((image) => makeView(image, v));
    for (const job of jobs) {
      if (!job.embedded.includes(v)) continue;
      const t = performance.now();
      const rows = job.mapModel ? await embedAvgMax(job.trunk, job.mapModel, images) : await embedPixels(job.trunk, images);
      job.embedMs += performance.now() - t;
      job.perView.get(v)!.push(...rows);
    }
  }
  if (start % 160 === 0)
    process.stderr.write(`${start + decoded.length}/${photos.length} (${((performance.now() - started) / 1000).toFixed(0)} s)\n`);
}
for (const job of jobs) {
  for (const v of job.pending) {
    const rows = job.perView.get(v)!;
    const files = cacheFile(cacheDir, name, job.id, v);
    const flat = new Float32Array(rows.length * rows[0].length);
    rows.forEach((r, i) => flat.set(r, i * r.length));
    writeFileSync(files.bin, Buffer.from(flat.buffer));
    writeFileSync(files.json, JSON.stringify({ dataset: name, trunk: job.id, view: v, size: rows[0].length, photos }));
  }
}
await decoder.close();
for (const job of jobs)
  console.log(
    JSON.stringify({
      dataset: name,
      trunk: job.id,
      written: job.pending,
      timed: job.embedded,
      photos: photos.length,
      embedMsPerPhotoView: +(job.embedMs / photos.length / Math.max(1, job.embedded.length)).toFixed(1),
    }),
  );
