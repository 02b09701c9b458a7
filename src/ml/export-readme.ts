import type { ConsumerComparison, ExportKind, MeasurementImages, ProbabilityDifference, QuantizationReport } from './export-kinds';
import { PREPROCESSING } from './preprocess';
import type { TrunkLayout } from './trunk';

/**
 * README.txt for every export zip: what the files are, the exact input the model expects (size,
 * crop, resize, scaling), the label order, the "not sure" threshold, how to load it, and what
 * other tools' preprocessing does to this model's probabilities (measured, not guessed).
 */

export interface TrunkDescription {
  id: string;
  name: string;
  /** Where the same trunk weights can be downloaded; null for a trunk loaded from local files or imported. */
  canonicalUrl: string | null;
  layout: TrunkLayout;
  /** The catalogue's cut layer, when the trunk is taken from a named layer of the canonical model, then pooled. */
  cutLayer?: string;
  embeddingSize: number;
  imageSize: number;
}

export interface ReadmeFile {
  name: string;
  bytes: number;
  about: string;
}

export interface ReadmeInput {
  kind: ExportKind;
  modelName: string;
  labels: string[];
  threshold: number | null;
  trunk: TrunkDescription;
  appVersion: string;
  tfjsVersion: string;
  exportedAt: string;
  files: ReadmeFile[];
  consumers: ConsumerComparison | null;
  quantization: QuantizationReport | null;
}

const TITLES: Record<ExportKind, string> = {
  full: 'full model in Teachable Machine format',
  head: 'trained head only (the trunk is not included)',
  example: 'standalone example (model + web page + TensorFlow.js)',
  quantized: 'quantised full model in Teachable Machine format',
};

/** How each trunk layout (or a catalogue trunk's named cut layer) is cut into "image -> one vector", in words and as tfjs code. */
export function trunkCut(layout: TrunkLayout, cutLayer?: string): { words: string; code: string } {
  if (cutLayer) {
    return {
      words: `the output of layer "${cutLayer}" of the model at the canonical URL, then global average pooling`,
      code: `const cut = tf.model({ inputs: trunkModel.inputs, outputs: trunkModel.getLayer('${cutLayer}').output });\nconst trunk = tf.sequential({ layers: [cut, tf.layers.globalAveragePooling2d({})] });`,
    };
  }
  switch (layout) {
    case 'v2-no-top':
      return {
        words: 'the output of layer "out_relu" ([7, 7, 1280] for 224 px input), then global average pooling',
        code: "const cut = tf.model({ inputs: trunkModel.inputs, outputs: trunkModel.getLayer('out_relu').output });\nconst trunk = tf.sequential({ layers: [cut, tf.layers.globalAveragePooling2d({})] });",
      };
    case 'v1-classifier':
      return {
        words: 'the output of layer "global_average_pooling2d_1"',
        code: "const trunk = tf.model({ inputs: trunkModel.inputs, outputs: trunkModel.getLayer('global_average_pooling2d_1').output });",
      };
    case 'sequential-trunk':
      return {
        words: 'the first layer of the Sequential model (itself a model that ends in global average pooling)',
        code: 'const trunk = trunkModel.layers[0];',
      };
    case 'embedding-model':
      return { words: 'the whole model (it already outputs one vector per image)', code: 'const trunk = trunkModel;' };
  }
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(2)} MB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${bytes} bytes`;
}

const percent = (fraction: number) => `${(fraction * 100).toFixed(1)}%`;
const probability = (value: number) => value.toFixed(4);

function differenceRow(tool: string, difference: ProbabilityDifference): string {
  return `  ${tool.padEnd(44)} ${probability(difference.maxAbsDifference).padEnd(10)} ${probability(difference.meanAbsDifference).padEnd(10)} ${difference.sameTopClass} of ${difference.imageCount}`;
}

function imagesPhrase(count: number, images: MeasurementImages): string {
  if (images === 'test') return `${count} held-out test images of the last training run`;
  return images === 'validation'
    ? `${count} validation images of the last training run`
    : `${count} labelled images of the project (the last run had no validation images)`;
}

export function buildReadme(input: ReadmeInput): string {
  const { imageSize, scaling } = PREPROCESSING;
  const size = `${imageSize} × ${imageSize}`;
  const lines: string[] = [];
  const section = (title: string) => lines.push('', title, '-'.repeat(title.length));

  lines.push(`Transfer Lab export: ${TITLES[input.kind]}`);
  lines.push(
    `Model "${input.modelName}", exported ${input.exportedAt} by Transfer Lab ${input.appVersion} with TensorFlow.js ${input.tfjsVersion}.`,
  );

  section('Files');
  for (const file of input.files) lines.push(`  ${file.name.padEnd(22)} ${formatBytes(file.bytes).padStart(10)}  ${file.about}`);

  section('Input');
  if (input.kind === 'head') {
    lines.push(
      `  The head takes one embedding per image: a float32 tensor [n, ${input.trunk.embeddingSize}] produced by the trunk below`,
      `  from images prepared exactly as in "Preprocessing". The trunk takes [n, ${size}, 3] (RGB).`,
    );
  } else {
    lines.push(`  A float32 tensor [n, ${imageSize}, ${imageSize}, 3]: n RGB images of ${size} pixels, prepared as below.`);
  }

  section('Preprocessing (exactly what the model was trained with)');
  lines.push(
    '  1. Decode the image with its EXIF orientation applied (browsers do this by default).',
    '  2. Crop policy: take the largest centred square (when the leftover is odd, the extra pixel goes to',
    '     the right or bottom edge). Nothing is squashed or padded.',
    `  3. Resize the square to ${size} with bilinear interpolation and half-pixel centres:`,
    `     tf.image.resizeBilinear(square, [${imageSize}, ${imageSize}], false, true).`,
    `  4. Scaling: x / ${scaling.divide} - ${scaling.subtract} for every R, G, B value (0..255 becomes -1..1). Alpha is dropped.`,
    `  Transfer Lab first draws images whose short side exceeds 448 px down to 448 px (canvas, high-quality`,
    '  smoothing) before step 2; that only removes aliasing and changes probabilities very little.',
  );

  section('Output and label order');
  if (input.labels.length === 0) {
    lines.push('  This model has no labels.');
  } else {
    lines.push(`  ${input.labels.length} probabilities (softmax, summing to 1), one per class, in this order:`);
    input.labels.forEach((label, index) => lines.push(`    ${String(index).padStart(3)}  ${label}`));
  }

  section('"Not sure" threshold');
  if (input.threshold === null) {
    lines.push('  None set: the most probable class is the answer.');
  } else {
    lines.push(
      `  ${input.threshold}: when the highest probability is below ${input.threshold}, show "not sure" instead of a label.`,
      `  It is stored as ${input.kind === 'head' ? 'notSureThreshold in head.json' : 'userMetadata.notSureThreshold in metadata.json'}.`,
    );
  }

  section('Trunk');
  lines.push(
    `  ${input.trunk.name} (id "${input.trunk.id}"), ${input.trunk.embeddingSize} features per image.`,
    `  Cut at ${trunkCut(input.trunk.layout, input.trunk.cutLayer).words}.`,
    input.trunk.canonicalUrl
      ? `  Canonical download of the same weights: ${input.trunk.canonicalUrl}`
      : '  No public URL: it was loaded from local files or came with an imported model.',
  );

  section('Loading it');
  lines.push(...loadingInstructions(input));

  if (input.quantization) {
    const q = input.quantization;
    section('Quantisation');
    lines.push(
      q.dtype === 'uint8'
        ? '  Kernels (conv, depthwise, dense) stored as uint8, per tensor: value = q * scale + min; biases and BatchNorm statistics stay float32.'
        : '  Every weight stored as float16 (IEEE half precision).',
      '  TensorFlow.js turns them back into float32 when loading: same layers and preprocessing, slightly different weights.',
      `  weights.bin: ${formatBytes(q.quantizedBytes)} instead of ${formatBytes(q.originalBytes)} (${percent(q.quantizedBytes / q.originalBytes)}).`,
      `  Measured on ${imagesPhrase(q.difference.imageCount, q.images)}:`,
      `    accuracy ${percent(q.floatAccuracy)} at full precision, ${percent(q.quantizedAccuracy)} quantised;`,
      `    same top class for ${q.difference.sameTopClass} of ${q.difference.imageCount} images; probabilities differ by at most ${probability(q.difference.maxAbsDifference)} (mean ${probability(q.difference.meanAbsDifference)}).`,
    );
  }

  if (input.kind !== 'head') {
    section('Other tools prepare images differently');
    lines.push(
      '  @teachablemachine/image (model.predict(image)): draws the image on a canvas, scaled so the short side is',
      `  ${imageSize} px and centre-cropped (the browser's default canvas smoothing), then scales x / 127 - 1 (not / 127.5).`,
      '  ml5.imageClassifier(url + "model.json"): squashes the whole image to 224 × 224 (bilinear, no crop, so the',
      '  aspect ratio changes) and scales x / 127 - 1.',
      '  tf.loadLayersModel: no preprocessing of its own; do the four steps above and the results are this app’s.',
    );
    const c = input.consumers;
    if (c) {
      lines.push(
        '',
        `  Measured for this model when it was exported, on ${imagesPhrase(c.teachableMachine.imageCount, c.images)}`,
        `  (probabilities compared with the preprocessing above${input.kind === 'quantized' ? ', with the full-precision weights' : ''}):`,
        `  ${'tool'.padEnd(44)} ${'max |Δp|'.padEnd(10)} ${'mean |Δp|'.padEnd(10)} same top class`,
        differenceRow('@teachablemachine/image, image as is', c.teachableMachine),
        differenceRow('ml5.imageClassifier, image as is', c.ml5),
        differenceRow(`either, given a ${imageSize} px crop made as above`, c.precroppedBy127),
        '  The last row is the x / 127 scaling alone: what remains when those tools are handed an image that is',
        `  already a ${size} centre crop made as above, the closest they come to this app's probabilities.`,
      );
    } else {
      lines.push('', '  Not measured for this model: the project had no labelled images when it was exported.');
    }
  }
  lines.push('');
  return lines.join('\n');
}

function loadingInstructions(input: ReadmeInput): string[] {
  const thresholdLine =
    input.threshold === null ? [] : [`  Apply the "not sure" threshold (${input.threshold}) to the highest probability yourself.`];
  switch (input.kind) {
    case 'full':
    case 'quantized':
      return [
        '  Serve this folder over HTTP (any static server), then:',
        '  @teachablemachine/image:  const model = await tmImage.load(URL + "model.json", URL + "metadata.json");',
        '                            const predictions = await model.predict(imageOrCanvas);  // [{className, probability}]',
        '                            or tmImage.loadFromFiles(modelJsonFile, weightsBinFile, metadataJsonFile) with picked files.',
        '  TensorFlow.js:            const model = await tf.loadLayersModel(URL + "model.json");',
        '                            const probabilities = model.predict(input);  // input prepared as above',
        '  ml5.js 1.x:               const classifier = await ml5.imageClassifier(URL + "model.json");  // in a p5.js preload(): no await',
        '                            const results = await classifier.classify(image);  // [{label, confidence}], labels from metadata.json',
        ...thresholdLine,
      ];
    case 'example':
      return [
        '  Serve this folder with any static web server and open it, e.g.:',
        '    python3 -m http.server 8000      then open http://localhost:8000/',
        '    npx http-server -p 8000          (or any other static server)',
        '  Opening index.html straight from disk (file://) does not work: browsers refuse to load module scripts',
        '  and model files from file:// pages. Nothing is fetched from the internet: TensorFlow.js is tf.min.js here.',
        '  Drop an image (or pick one), or press "Use webcam". classify.js decodes and prepares images with',
        '  decode-pixels.js and preprocess-pixels.js, the very files Transfer Lab itself runs, so the example gives the',
        '  same probabilities as the app’s Try-it panel.',
      ];
    case 'head': {
      const cut = trunkCut(input.trunk.layout, input.trunk.cutLayer);
      return [
        '  1. Load the trunk and cut it as described under "Trunk":',
        `     const trunkModel = await tf.loadLayersModel(${input.trunk.canonicalUrl ? `"${input.trunk.canonicalUrl}"` : 'TRUNK_URL'});`,
        ...cut.code.split('\n').map((line) => `     ${line}`),
        '  2. Load the head and the labels from this folder:',
        '     const head = await tf.loadLayersModel(URL + "model.json");',
        '     const labels = await (await fetch(URL + "labels.json")).json();',
        '  3. Classify: const probabilities = head.predict(trunk.predict(input));  // input prepared as above',
        ...thresholdLine,
      ];
    }
  }
}
