/**
 * Folding a frozen batch normalisation into the convolution before it. At inference time
 *   BN(conv(x, K) + b) = gamma * (conv(x, K) + b - mean) / sqrt(variance + epsilon) + beta
 *                      = conv(x, K * s) + (b - mean) * s + beta,   s = gamma / sqrt(variance + epsilon)
 * per output channel, so the normalisation costs nothing at run time: one pass over the
 * activations fewer per layer. Plain Float32Array arithmetic (in float64), done once per trunk.
 */

export interface BatchNormParams {
  /** Null when the layer has no scale (Keras `scale: false`): 1. */
  gamma: Float32Array | null;
  /** Null when the layer has no offset (Keras `center: false`): 0. */
  beta: Float32Array | null;
  movingMean: Float32Array;
  movingVariance: Float32Array;
  epsilon: number;
}

export interface FoldedWeights {
  kernel: Float32Array;
  bias: Float32Array;
}

/**
 * Folds `bn` into a convolution kernel whose last axis (Conv2D [h, w, in, out]) or last two axes
 * (DepthwiseConv2D [h, w, in, multiplier], output channel in * multiplier + m) run over the
 * `outChannels` output channels, so the channel of flat index i is i % outChannels.
 */
export function foldBatchNorm(kernel: Float32Array, outChannels: number, bias: Float32Array | null, bn: BatchNormParams): FoldedWeights {
  if (!Number.isInteger(outChannels) || outChannels < 1 || kernel.length % outChannels !== 0) {
    throw new Error(`A kernel of ${kernel.length} values cannot have ${outChannels} output channels.`);
  }
  const lengths: [string, Float32Array | null][] = [
    ['bias', bias],
    ['gamma', bn.gamma],
    ['beta', bn.beta],
    ['moving mean', bn.movingMean],
    ['moving variance', bn.movingVariance],
  ];
  for (const [name, values] of lengths) {
    if (values && values.length !== outChannels) {
      throw new Error(`Batch-norm folding: ${name} has ${values.length} values for ${outChannels} channels.`);
    }
  }
  const scale = new Float64Array(outChannels);
  const foldedBias = new Float32Array(outChannels);
  for (let c = 0; c < outChannels; c++) {
    scale[c] = (bn.gamma ? bn.gamma[c] : 1) / Math.sqrt(bn.movingVariance[c] + bn.epsilon);
    foldedBias[c] = ((bias ? bias[c] : 0) - bn.movingMean[c]) * scale[c] + (bn.beta ? bn.beta[c] : 0);
  }
  const foldedKernel = new Float32Array(kernel.length);
  for (let i = 0; i < kernel.length; i++) foldedKernel[i] = kernel[i] * scale[i % outChannels];
  return { kernel: foldedKernel, bias: foldedBias };
}
