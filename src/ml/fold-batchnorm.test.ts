import { describe, expect, it } from 'vitest';
import { foldBatchNorm } from './fold-batchnorm';

describe('foldBatchNorm', () => {
  it('scales each output channel by gamma / sqrt(variance + eps) and folds mean and beta into the bias', () => {
    // A 1x1 kernel, 2 inputs x 2 outputs: [[1, 2], [3, 4]]; channel = index % 2.
    const kernel = new Float32Array([1, 2, 3, 4]);
    const folded = foldBatchNorm(kernel, 2, new Float32Array([0.5, -1]), {
      gamma: new Float32Array([2, 1]),
      beta: new Float32Array([1, 0]),
      movingMean: new Float32Array([0.5, 1]),
      movingVariance: new Float32Array([4 - 1e-3, 1 - 1e-3]),
      epsilon: 1e-3,
    });
    // s = [2 / 2, 1 / 1] = [1, 1]: the kernel is unchanged; bias = (b - mean) * s + beta.
    expect(Array.from(folded.kernel)).toEqual([1, 2, 3, 4]);
    expect(Array.from(folded.bias)).toEqual([1, -2]);
  });

  it('treats a missing gamma as 1 and beta as 0, and a missing bias as 0', () => {
    const folded = foldBatchNorm(new Float32Array([2, 2]), 2, null, {
      gamma: null,
      beta: null,
      movingMean: new Float32Array([1, -1]),
      movingVariance: new Float32Array([0.25, 4]),
      epsilon: 0,
    });
    expect(Array.from(folded.kernel)).toEqual([4, 1]);
    expect(Array.from(folded.bias)).toEqual([-2, 0.5]);
  });

  it('refuses statistics that do not match the channel count', () => {
    const bn = { gamma: null, beta: null, movingMean: new Float32Array(3), movingVariance: new Float32Array(3), epsilon: 1e-3 };
    expect(() => foldBatchNorm(new Float32Array(4), 2, null, bn)).toThrow(/moving mean has 3 values for 2 channels/);
    expect(() =>
      foldBatchNorm(new Float32Array(5), 2, null, { ...bn, movingMean: new Float32Array(2), movingVariance: new Float32Array(2) }),
    ).toThrow(/cannot have 2 output channels/);
  });
});
