import * as tf from '@tensorflow/tfjs';

/**
 * Reads a frozen trunk (a tfjs layers model, possibly with models nested inside it) into a flat
 * list of steps in execution order, each naming the values it reads and writes. This is the
 * input of the folded executor (folded-trunk.ts): a plain description it can rewrite, instead of
 * tfjs-layers' own graph with its per-layer bookkeeping. Only layer kinds found in MobileNet V1
 * and V2 trunks are described; anything else makes the reader return null, and the caller keeps
 * running the layers model.
 */

export type TrunkStep =
  | { kind: 'conv'; layer: tf.layers.Layer; depthwise: boolean; input: string; output: string }
  | { kind: 'batchNorm'; layer: tf.layers.Layer; input: string; output: string }
  | { kind: 'activation'; activation: StepActivation; input: string; output: string }
  | { kind: 'pad'; padding: [[number, number], [number, number]]; input: string; output: string }
  | { kind: 'add'; inputs: string[]; output: string }
  | { kind: 'globalAveragePool'; input: string; output: string }
  | { kind: 'identity'; input: string; output: string };

export type StepActivation = 'relu' | 'relu6' | 'linear';

export interface TrunkGraph {
  /** The name of the image batch fed in. */
  input: string;
  steps: TrunkStep[];
  output: string;
}

/** Thrown inside the reader for a layer or wiring it does not describe; turned into null. */
class UnsupportedLayout extends Error {}

const GRAPH_INPUT = 'input';

/** The trunk's steps, or null when it holds a layer kind or wiring the reader does not know. */
export function readTrunkGraph(model: tf.LayersModel): TrunkGraph | null {
  try {
    const steps: TrunkStep[] = [];
    const output = readModel(model, GRAPH_INPUT, '', steps);
    return { input: GRAPH_INPUT, steps, output };
  } catch (error) {
    if (error instanceof UnsupportedLayout) return null;
    throw error;
  }
}

/** Why readTrunkGraph returns null for `model`, for logs and tests; null when it is supported. */
export function unsupportedReason(model: tf.LayersModel): string | null {
  try {
    readModel(model, GRAPH_INPUT, '', []);
    return null;
  } catch (error) {
    if (error instanceof UnsupportedLayout) return error.message;
    throw error;
  }
}

interface ContainerConfig {
  layers: { name: string; className: string; inboundNodes: [string, number, number, unknown][][] }[];
  inputLayers: [string, number, number][];
  outputLayers: [string, number, number][];
}

/** Appends the steps of `model` applied to `input`; returns the name of its output value. */
function readModel(model: tf.LayersModel, input: string, prefix: string, steps: TrunkStep[]): string {
  if (model instanceof tf.Sequential) {
    let current = input;
    for (const layer of model.layers) {
      if (layer.getClassName() === 'InputLayer') continue;
      current = readLayer(layer, [current], `${prefix}${model.name}/`, steps);
    }
    return current;
  }
  const config = model.getConfig() as unknown as ContainerConfig;
  if (config.inputLayers.length !== 1 || config.outputLayers.length !== 1) {
    throw new UnsupportedLayout(`model "${model.name}" has ${config.inputLayers.length} inputs and ${config.outputLayers.length} outputs`);
  }
  const scope = `${prefix}${model.name}/`;
  const valueOf = new Map<string, string>([[config.inputLayers[0][0], input]]);
  for (const entry of config.layers) {
    if (entry.className === 'InputLayer') continue;
    if (entry.inboundNodes.length !== 1) {
      throw new UnsupportedLayout(`layer "${entry.name}" is applied ${entry.inboundNodes.length} times`);
    }
    const inputs = entry.inboundNodes[0].map(([source, nodeIndex, tensorIndex]) => {
      const value = valueOf.get(source);
      if (value === undefined || nodeIndex !== 0 || tensorIndex !== 0) {
        throw new UnsupportedLayout(`layer "${entry.name}" reads an output of "${source}" the reader cannot place`);
      }
      return value;
    });
    valueOf.set(entry.name, readLayer(model.getLayer(entry.name), inputs, scope, steps));
  }
  const output = valueOf.get(config.outputLayers[0][0]);
  if (output === undefined) throw new UnsupportedLayout(`the output layer of "${model.name}" was not reached`);
  return output;
}

function readLayer(layer: tf.layers.Layer, inputs: string[], scope: string, steps: TrunkStep[]): string {
  if (layer instanceof tf.LayersModel) return readModel(layer, single(layer, inputs), scope, steps);
  const output = `${scope}${layer.name}`;
  const className = layer.getClassName();
  const config = layer.getConfig();
  switch (className) {
    case 'Conv2D':
    case 'DepthwiseConv2D':
      if (config.dataFormat !== 'channelsLast') throw new UnsupportedLayout(`layer "${layer.name}" is not channels-last`);
      if (config.activation !== 'linear' && config.activation !== 'relu' && config.activation !== 'relu6') {
        throw new UnsupportedLayout(`convolution "${layer.name}" has a ${String(config.activation)} activation`);
      }
      steps.push({ kind: 'conv', layer, depthwise: className === 'DepthwiseConv2D', input: single(layer, inputs), output });
      return output;
    case 'BatchNormalization': {
      const axis = config.axis;
      if (!(axis === -1 || axis === 3 || (Array.isArray(axis) && axis.length === 1 && (axis[0] === -1 || axis[0] === 3)))) {
        throw new UnsupportedLayout(`batch normalisation "${layer.name}" is not over the channel axis`);
      }
      steps.push({ kind: 'batchNorm', layer, input: single(layer, inputs), output });
      return output;
    }
    case 'ReLU': {
      const maxValue = config.maxValue as number | null | undefined;
      const activation = maxValue == null ? 'relu' : maxValue === 6 ? 'relu6' : null;
      if (!activation) throw new UnsupportedLayout(`ReLU "${layer.name}" caps at ${maxValue}`);
      steps.push({ kind: 'activation', activation, input: single(layer, inputs), output });
      return output;
    }
    case 'Activation': {
      const activation = config.activation;
      if (activation !== 'relu' && activation !== 'relu6' && activation !== 'linear') {
        throw new UnsupportedLayout(`activation "${layer.name}" is ${String(activation)}`);
      }
      steps.push({ kind: 'activation', activation, input: single(layer, inputs), output });
      return output;
    }
    case 'ZeroPadding2D': {
      if (config.dataFormat !== 'channelsLast') throw new UnsupportedLayout(`layer "${layer.name}" is not channels-last`);
      const padding = config.padding as [[number, number], [number, number]];
      steps.push({ kind: 'pad', padding, input: single(layer, inputs), output });
      return output;
    }
    case 'Add':
      steps.push({ kind: 'add', inputs, output });
      return output;
    case 'GlobalAveragePooling2D':
      if (config.dataFormat !== 'channelsLast') throw new UnsupportedLayout(`layer "${layer.name}" is not channels-last`);
      steps.push({ kind: 'globalAveragePool', input: single(layer, inputs), output });
      return output;
    case 'Dropout':
      // Inference only: dropout passes values through.
      steps.push({ kind: 'identity', input: single(layer, inputs), output });
      return output;
    default:
      throw new UnsupportedLayout(`layer "${layer.name}" is a ${className}`);
  }
}

function single(layer: tf.layers.Layer, inputs: string[]): string {
  if (inputs.length !== 1) throw new UnsupportedLayout(`layer "${layer.name}" has ${inputs.length} inputs`);
  return inputs[0];
}
