import { describe, expect, it } from 'vitest';
import { computeRatios, medianRatios } from './ratios';

describe('computeRatios', () => {
  it('divides so that above 1 means the app is faster, and subtracts accuracies', () => {
    expect(
      computeRatios(
        { embedImagesPerSec: 90, trainMs: 1000, epochs: 50, testAccuracy: 0.99 },
        { embedImagesPerSec: 25, trainMs: 11000, epochs: 50, testAccuracy: 1 },
      ),
    ).toEqual({
      embedSpeedup: 3.6,
      trainSpeedup: 11,
      testAccuracyDelta: -0.01,
      embedCpuRatio: null,
      trainCpuRatio: null,
      sameEpochs: true,
    });
    expect(
      computeRatios({ embedCpuMsPerImage: 20, trainCpuMsPerEpoch: 50 }, { embedCpuMsPerImage: 70, trainCpuMsPerEpoch: 400 }),
    ).toMatchObject({ embedCpuRatio: 3.5, trainCpuRatio: 8 });
  });

  it('gives null for missing or zero figures', () => {
    expect(computeRatios({ embedImagesPerSec: null, trainMs: 0, epochs: 3 }, { embedImagesPerSec: 25, trainMs: 100, epochs: 50 })).toEqual({
      embedSpeedup: null,
      trainSpeedup: null,
      testAccuracyDelta: null,
      embedCpuRatio: null,
      trainCpuRatio: null,
      sameEpochs: false,
    });
  });
});

describe('medianRatios', () => {
  it('takes the median of each ratio over the rounds that have a peer', () => {
    const app = (embed: number, train: number) => ({
      embedImagesPerSec: embed,
      trainMs: train,
      epochs: 50,
      testAccuracy: 1,
      headMsPerEpoch: train / 50,
    });
    const peer = { embedImagesPerSec: 10, trainMs: 1000, epochs: 50, testAccuracy: 1, headMsPerEpoch: 20 };
    const result = medianRatios([
      { app: app(30, 200), peer },
      { app: app(50, 100), peer },
      { app: app(40, 250), peer },
      { app: app(99, 1), peer: null },
    ]);
    expect(result).toMatchObject({ embedSpeedup: 4, trainSpeedup: 5, testAccuracyDelta: 0, app: { embedImagesPerSec: 40, trainMs: 200 } });
    expect(result.perRound).toHaveLength(3);
  });
});
