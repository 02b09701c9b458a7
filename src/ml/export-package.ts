// Export assembly: the files of each export package (model, weights, labels or metadata, the
// example page's files) and its README, as pure functions of the trained model and the request.
// The worker's interop service only gathers the inputs (session, fetched bundle) and calls these.
import * as tf from '@tensorflow/tfjs';
import { createExportMetadata, createHeadJson } from './export-metadata';
import type { ConsumerComparison, ExportKind, QuantizationDtype, QuantizationReport } from './export-kinds';
import { buildExportModel, serializeModel, WEIGHTS_FILE_NAME } from './export-model';
import { buildReadme, type ReadmeFile, type TrunkDescription } from './export-readme';
import { quantizeWeights } from './quantize-weights';
import type { Trunk, TrunkLayout } from './trunk';
import catalog from './trunk-catalog.json';

/** The layout of each catalog trunk at its canonical URL (the installed copy may be laid out differently). */
const CANONICAL_LAYOUTS: Record<string, TrunkLayout> = {
  'mobilenet_v2_0.35_224': 'v2-no-top',
  'mobilenet_v1_0.25_224': 'v1-classifier',
};

export function describeTrunk(trunk: Trunk): TrunkDescription {
  const entry = catalog.trunks.find((t) => t.id === trunk.id);
  const isUrl = /^https?:\/\//.test(trunk.id);
  const name =
    entry?.name ??
    (isUrl ? 'Trunk loaded from a URL' : trunk.id.startsWith('imported:') ? 'Trunk of an imported model' : 'Trunk loaded from local files');
  return {
    id: trunk.id,
    name,
    canonicalUrl: entry?.canonicalUrl ?? (isUrl ? trunk.id : null),
    layout: CANONICAL_LAYOUTS[trunk.id] ?? trunk.layout,
    ...(entry && 'cutLayer' in entry ? { cutLayer: entry.cutLayer } : {}),
    embeddingSize: trunk.embeddingSize,
    imageSize: trunk.imageSize,
  };
}

export interface SerializedModel {
  topology: object;
  specs: tf.io.WeightsManifestEntry[];
  weights: ArrayBuffer;
}

export async function serialize(model: tf.LayersModel): Promise<SerializedModel> {
  const { modelJson, weightData } = await serializeModel(model);
  const json = JSON.parse(modelJson) as { modelTopology: object; weightsManifest: { weights: tf.io.WeightsManifestEntry[] }[] };
  return { topology: json.modelTopology, specs: json.weightsManifest[0].weights, weights: weightData };
}

function modelJsonText(model: SerializedModel, appVersion: string): string {
  return JSON.stringify({
    modelTopology: model.topology,
    format: 'layers-model',
    generatedBy: `TensorFlow.js tfjs-layers v${tf.version.tfjs}`,
    convertedBy: `Transfer Lab ${appVersion}`,
    weightsManifest: [{ paths: [WEIGHTS_FILE_NAME], weights: model.specs }],
  });
}

export function quantize(model: SerializedModel, dtype: QuantizationDtype): SerializedModel {
  const quantized = quantizeWeights({ specs: model.specs, data: model.weights }, dtype);
  return { topology: model.topology, specs: quantized.specs, weights: quantized.data };
}

/** The standalone example's own files (src/portable) and the TensorFlow.js bundle it ships with. */
export interface ExampleSources {
  indexHtml: string;
  classifyJs: string;
  decodePixelsJs: string;
  preprocessPixelsJs: string;
  tfjsBundle: ArrayBuffer;
}

export interface ExportPackageInput {
  kind: ExportKind;
  labels: string[];
  modelName: string;
  threshold: number | null;
  quantization: QuantizationDtype;
  quantizationReport: QuantizationReport | null;
  trunk: Trunk;
  head: tf.LayersModel;
  appVersion: string;
  exportedAt: Date;
  /** Required for kind 'example'. */
  example: ExampleSources | null;
  /** Other tools' preprocessing measured on the project's images, for the README; null when not measured. */
  consumers: ConsumerComparison | null;
}

export interface ExportFile {
  name: string;
  content: string | ArrayBuffer;
}

/** The zip entries of one export, in order, README.txt last. */
export async function buildExportPackage(input: ExportPackageInput): Promise<ExportFile[]> {
  const { trunk, head, threshold, appVersion, exportedAt } = input;
  const description = describeTrunk(trunk);
  const files: ExportFile[] = [];
  const about: ReadmeFile[] = [];
  const add = (name: string, content: string | ArrayBuffer, what: string) => {
    files.push({ name, content });
    about.push({
      name,
      bytes: typeof content === 'string' ? new TextEncoder().encode(content).byteLength : content.byteLength,
      about: what,
    });
  };

  if (input.kind === 'head') {
    const model = await serialize(head);
    add(
      'model.json',
      modelJsonText(model, appVersion),
      `the head: a tfjs layers model, input [n, ${trunk.embeddingSize}], output ${input.labels.length} probabilities`,
    );
    add(WEIGHTS_FILE_NAME, model.weights, 'its weights (float32)');
    add('labels.json', JSON.stringify(input.labels, null, 2), 'the class names, in output order');
    const headJson = createHeadJson({
      labels: input.labels,
      modelName: input.modelName,
      appVersion,
      threshold,
      trunk: description,
      now: exportedAt,
    });
    add('head.json', JSON.stringify(headJson, null, 2), 'which trunk the head sits on (id, canonical URL, cut) and the preprocessing');
  } else {
    let model = await serialize(buildExportModel(trunk, head));
    if (input.kind === 'quantized') model = quantize(model, input.quantization);
    const metadata = createExportMetadata({
      kind: input.kind,
      labels: input.labels,
      modelName: input.modelName,
      trunkId: trunk.id,
      appVersion,
      threshold,
      quantization: input.kind === 'quantized' ? input.quantization : null,
      now: exportedAt,
    });
    add(
      'model.json',
      modelJsonText(model, appVersion),
      'the model: Sequential[trunk, head], input [n, 224, 224, 3], output one probability per class',
    );
    add(
      WEIGHTS_FILE_NAME,
      model.weights,
      input.kind === 'quantized' ? `its weights, ${input.quantization}-quantised` : 'its weights (float32)',
    );
    add(
      'metadata.json',
      JSON.stringify(metadata, null, 2),
      'labels in output order, image size, threshold (Teachable Machine’s metadata format)',
    );
    if (input.kind === 'example') {
      const example = input.example;
      if (!example) throw new Error('The example page needs its files and the TensorFlow.js bundle.');
      add('index.html', example.indexHtml, 'the example page: open it through a static web server');
      add('classify.js', example.classifyJs, 'loads the model, classifies a dropped image or the webcam, applies the threshold');
      add('decode-pixels.js', example.decodePixelsJs, 'image decoding, the same file Transfer Lab runs');
      add('preprocess-pixels.js', example.preprocessPixelsJs, 'crop, resize and scaling, the same file Transfer Lab runs');
      add('tf.min.js', example.tfjsBundle, `TensorFlow.js ${tf.version.tfjs} (Apache-2.0), unchanged from the npm package`);
    }
  }

  const readme = buildReadme({
    kind: input.kind,
    modelName: input.modelName,
    labels: input.labels,
    threshold,
    trunk: description,
    appVersion,
    tfjsVersion: tf.version.tfjs,
    exportedAt: exportedAt.toISOString(),
    files: about,
    consumers: input.consumers,
    quantization: input.kind === 'quantized' ? input.quantizationReport : null,
  });
  files.push({ name: 'README.txt', content: readme });
  return files;
}
