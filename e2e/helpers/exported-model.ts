// Opens a downloaded export and loads it the way other tools do: tf.loadLayersModel and
// Teachable Machine's own library (`@teachablemachine/image`), in a blank browser page.
import { expect, type Download, type Page } from '@playwright/test';
import { unzipSync, strFromU8 } from 'fflate';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { GeneratedImage } from './images';

const require = createRequire(import.meta.url);
const TFJS_BUNDLE = require.resolve('@tensorflow/tfjs/dist/tf.min.js');
const TM_IMAGE_BUNDLE = require.resolve('@teachablemachine/image/dist/teachablemachine-image.min.js');

export interface ExportZip {
  files: Record<string, Uint8Array>;
  modelJson: { modelTopology: unknown; weightsManifest: { paths: string[]; weights: { shape: number[] }[] }[] };
  metadata: Record<string, unknown> & { labels: string[] };
}

export async function readExportZip(download: Download): Promise<ExportZip> {
  const path = await download.path();
  const files = unzipSync(new Uint8Array(await readFile(path)));
  expect(Object.keys(files).sort()).toEqual(['README.txt', 'metadata.json', 'model.json', 'weights.bin']);
  return {
    files,
    modelJson: JSON.parse(strFromU8(files['model.json'])),
    metadata: JSON.parse(strFromU8(files['metadata.json'])),
  };
}

export interface ConsumerPredictions {
  layers: { inputShape: (number | null)[]; probabilities: number[] };
  teachableMachine: { className: string; probability: number }[];
}

/** Loads the export with tf.loadLayersModel and with tmImage.loadFromFiles, and classifies `image` with both. */
export async function predictWithConsumers(page: Page, zip: ExportZip, image: GeneratedImage): Promise<ConsumerPredictions> {
  await page.goto('about:blank');
  await page.addScriptTag({ path: TFJS_BUNDLE });
  await page.addScriptTag({ path: TM_IMAGE_BUNDLE });
  const toBase64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
  return page.evaluate(
    async ({ model, weights, metadata, imageBase64, imageType }) => {
      const file = (base64: string, name: string, type: string) =>
        new File([Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))], name, { type });
      const g = globalThis as unknown as {
        tf: typeof import('@tensorflow/tfjs');
        tmImage: typeof import('@teachablemachine/image');
      };
      const modelFile = () => file(model, 'model.json', 'application/json');
      const weightsFile = () => file(weights, 'weights.bin', 'application/octet-stream');
      const image = new Image();
      image.src = `data:${imageType};base64,${imageBase64}`;
      await image.decode();

      const tmModel = await g.tmImage.loadFromFiles(modelFile(), weightsFile(), file(metadata, 'metadata.json', 'application/json'));
      const teachableMachine = (await tmModel.predict(image)).map((p) => ({ className: p.className, probability: p.probability }));

      const layersModel = await g.tf.loadLayersModel(g.tf.io.browserFiles([modelFile(), weightsFile()]));
      const side = Math.min(image.naturalWidth, image.naturalHeight);
      const canvas = document.createElement('canvas');
      canvas.width = canvas.height = 224;
      canvas
        .getContext('2d')!
        .drawImage(image, (image.naturalWidth - side) / 2, (image.naturalHeight - side) / 2, side, side, 0, 0, 224, 224);
      const input = g.tf.tidy(() => g.tf.browser.fromPixels(canvas).toFloat().div(127.5).sub(1).expandDims(0));
      const output = layersModel.predict(input) as import('@tensorflow/tfjs').Tensor;
      const probabilities = Array.from(await output.data());
      return { layers: { inputShape: layersModel.inputs[0].shape, probabilities }, teachableMachine };
    },
    {
      model: toBase64(zip.files['model.json']),
      weights: toBase64(zip.files['weights.bin']),
      metadata: toBase64(zip.files['metadata.json']),
      imageBase64: image.buffer.toString('base64'),
      imageType: image.mimeType,
    },
  );
}
