// Checks a layers model's declared sizes against its weights manifest before TensorFlow.js builds
// it. Building allocates every layer's weights at the size the topology declares, and only then
// compares them with the weight files: a model.json declaring one Dense layer of 400,000 units on
// a 1,280-feature input would ask for 2 GB before any error. Here every size a layer declares
// (units, filters, depth multiplier, kernel size, input shape) must match the weight that backs
// it in the manifest, and the manifest's sizes are already checked against the real bytes.

import type * as tf from '@tensorflow/tfjs';

/**
 * 64 MiB of weights: the largest trunk we know, MobileNet V1 α1.0 (4.2 M parameters, 16.9 MB;
 * the copy in ../shared/models cut after block 12 is 8.65 MB), fits almost four times, and so
 * does MobileNet V2 α1.4 (6.1 M parameters, 24 MB). A Teachable Machine export is 2.2 MB.
 */
export const MAX_MODEL_WEIGHT_BYTES = 64 * 1024 * 1024;
/** MobileNet V2 has 155 layers, V1 88; ten times the larger is still a small model. */
export const MAX_MODEL_LAYERS = 1500;
/** One side of an input: images are 224 px here, 4,096 is far above any trunk's input. */
export const MAX_INPUT_DIMENSION = 4096;
/** Values in one input example: 224 x 224 x 3 = 150,528; 20 times that leaves room. */
export const MAX_INPUT_VALUES = 3_000_000;

export class ModelShapeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ModelShapeError';
  }
}

interface LayerConfig {
  className: string;
  name: string;
  config: Record<string, unknown>;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Every layer of the topology, nested models' layers included (Teachable Machine nests two Sequentials). */
function collectLayers(node: unknown, out: LayerConfig[]): void {
  if (!isObject(node)) return;
  const config = isObject(node.config) ? node.config : null;
  const layers = config && Array.isArray(config.layers) ? config.layers : null;
  if (layers) {
    for (const layer of layers) {
      if (out.length > MAX_MODEL_LAYERS) return;
      collectLayers(layer, out);
    }
  }
  if (config && typeof node.class_name === 'string' && !layers) {
    out.push({ className: node.class_name, name: typeof config.name === 'string' ? config.name : '(unnamed)', config });
  }
}

function topologyRoot(topology: object): unknown {
  const record = topology as Record<string, unknown>;
  return isObject(record.model_config) ? record.model_config : record;
}

/** The manifest entry named `<layer>/<weight>` (with any scope prefix before the layer name). */
function findWeight(specs: tf.io.WeightsManifestEntry[], layer: string, weight: string): tf.io.WeightsManifestEntry | undefined {
  const suffix = `${layer}/${weight}`;
  return specs.find((spec) => spec.name === suffix || spec.name.endsWith(`/${suffix}`));
}

function positiveInteger(value: unknown): number | null {
  return typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : null;
}

const count = (n: number) => n.toLocaleString('en');

function checkDeclared(
  layer: LayerConfig,
  what: string,
  declared: number,
  kernel: tf.io.WeightsManifestEntry | undefined,
  kernelName: string,
  axis: number,
  multiples: number[] | undefined,
  file: string,
): void {
  if (!kernel) {
    throw new ModelShapeError(
      `${file}: layer "${layer.name}" declares ${count(declared)} as its ${what}, but the weights list no "${layer.name}/${kernelName}" for it: the file is damaged or was edited.`,
    );
  }
  const shape = kernel.shape;
  const actual = shape[axis < 0 ? shape.length + axis : axis];
  if (!(multiples ?? [1]).some((k) => actual === k * declared)) {
    throw new ModelShapeError(
      `${file}: layer "${layer.name}" declares ${count(declared)} as its ${what}, but its weight "${kernel.name}" has shape [${shape.join(', ')}]: the model description and the weights do not match.`,
    );
  }
}

function checkInputShape(layer: LayerConfig, file: string): void {
  const shape = layer.config.batch_input_shape ?? layer.config.batchInputShape;
  if (shape === undefined || shape === null) return;
  if (!Array.isArray(shape) || shape.length > 5)
    throw new ModelShapeError(`${file}: layer "${layer.name}" has an input shape that is not a short list of sizes.`);
  let values = 1;
  shape.slice(1).forEach((dim: unknown) => {
    if (dim === null) return;
    const size = positiveInteger(dim);
    if (size === null || size > MAX_INPUT_DIMENSION) {
      throw new ModelShapeError(
        `${file}: layer "${layer.name}" declares an input size of ${String(dim)}; sizes must be whole numbers from 1 to ${count(MAX_INPUT_DIMENSION)}.`,
      );
    }
    values *= size;
  });
  if (values > MAX_INPUT_VALUES) {
    throw new ModelShapeError(
      `${file}: layer "${layer.name}" takes ${count(values)} values per example; this app accepts at most ${count(MAX_INPUT_VALUES)}.`,
    );
  }
}

/**
 * Throws a ModelShapeError naming the file, the layer and the mismatch when a declared size is not
 * backed by the weights (or breaks a cap above); returns nothing when the model may be built.
 * `weightSpecs` must already match the weight bytes (see model-files.ts).
 */
export function checkDeclaredShapes(topology: object, weightSpecs: tf.io.WeightsManifestEntry[], file = 'model.json'): void {
  const bytes = weightSpecs.reduce((sum, spec) => sum + spec.shape.reduce((p, d) => p * d, 1) * 4, 0);
  if (bytes > MAX_MODEL_WEIGHT_BYTES) {
    throw new ModelShapeError(
      `${file} describes ${count(bytes)} bytes of weights; this app accepts models up to ${count(MAX_MODEL_WEIGHT_BYTES)} bytes (64 MB).`,
    );
  }
  for (const spec of weightSpecs) {
    if (!Array.isArray(spec.shape) || !spec.shape.every((d) => Number.isInteger(d) && d >= 0)) {
      throw new ModelShapeError(`${file}: the weight "${String(spec.name)}" has a shape that is not a list of whole numbers.`);
    }
  }
  const layers: LayerConfig[] = [];
  collectLayers(topologyRoot(topology), layers);
  if (layers.length > MAX_MODEL_LAYERS)
    throw new ModelShapeError(
      `${file} has more than ${count(MAX_MODEL_LAYERS)} layers; this app accepts at most ${count(MAX_MODEL_LAYERS)}.`,
    );
  for (const layer of layers) {
    checkInputShape(layer, file);
    for (const rule of rulesFor(layer.className, layer.config)) {
      const kernel = findWeight(weightSpecs, layer.name, rule.weight);
      const declared = layer.config[rule.field];
      const values = rule.field === 'kernel_size' && Array.isArray(declared) ? declared : [declared];
      values.forEach((value: unknown, i) => {
        const size = positiveInteger(value);
        if (size === null)
          throw new ModelShapeError(
            `${file}: layer "${layer.name}" declares ${String(value)} as its ${rule.what}; it needs a whole number.`,
          );
        checkDeclared(layer, rule.what, size, kernel, rule.weight, rule.field === 'kernel_size' ? i : rule.axis, rule.multiples, file);
      });
    }
  }
}

interface SizeRule {
  /** The config field that declares a size. */
  field: 'units' | 'filters' | 'depth_multiplier' | 'kernel_size' | 'input_dim' | 'output_dim';
  what: string;
  /** The weight (after "<layer>/") whose shape must carry that size. */
  weight: string;
  axis: number;
  /** Recurrent layers stack their gates: LSTM's kernel is [in, 4 x units], GRU's [in, 3 x units]. */
  multiples?: number[];
}

const CONV_KINDS = new Set(['Conv1D', 'Conv2D', 'Conv3D']);

/** Which declared sizes of a layer kind are backed by which weight (Keras weight names). */
function rulesFor(className: string, config: Record<string, unknown>): SizeRule[] {
  const has = (field: string) => config[field] !== undefined && config[field] !== null;
  const kernelSize = (weight: string): SizeRule[] =>
    has('kernel_size') ? [{ field: 'kernel_size', what: 'kernel size', weight, axis: 0 }] : [];
  if (className === 'Dense') return [{ field: 'units', what: 'units', weight: 'kernel', axis: -1 }];
  if (CONV_KINDS.has(className)) return [{ field: 'filters', what: 'filters', weight: 'kernel', axis: -1 }, ...kernelSize('kernel')];
  if (className === 'DepthwiseConv2D')
    return [
      { field: 'depth_multiplier', what: 'depth multiplier', weight: 'depthwise_kernel', axis: -1 },
      ...kernelSize('depthwise_kernel'),
    ];
  if (className === 'SeparableConv2D' || className === 'SeparableConv1D') {
    return [
      { field: 'filters', what: 'filters', weight: 'pointwise_kernel', axis: -1 },
      { field: 'depth_multiplier', what: 'depth multiplier', weight: 'depthwise_kernel', axis: -1 },
      ...kernelSize('depthwise_kernel'),
    ];
  }
  if (className === 'Embedding') {
    return [
      { field: 'input_dim', what: 'vocabulary size', weight: 'embeddings', axis: 0 },
      { field: 'output_dim', what: 'output size', weight: 'embeddings', axis: 1 },
    ];
  }
  // Any other layer declaring units (recurrent layers): a kernel of 1, 3 or 4 x units.
  if (has('units')) return [{ field: 'units', what: 'units', weight: 'kernel', axis: -1, multiples: [1, 3, 4] }];
  return [];
}
