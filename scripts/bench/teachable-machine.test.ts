import { describe, expect, it } from 'vitest';
import { classSplitCounts } from '../../src/ml/split';
import { peerSplitCounts } from './teachable-machine';

describe('peerSplitCounts', () => {
  it('holds out 15% of each class, rounded up, as the library does', () => {
    expect(peerSplitCounts([60, 60])).toEqual({ trainCount: 102, valCount: 18 });
    expect(peerSplitCounts([124, 121])).toEqual({ trainCount: 207, valCount: 38 });
    expect(peerSplitCounts([1])).toEqual({ trainCount: 0, valCount: 1 });
  });

  it("matches the app's split at test share 0 on the bench's flowers classes: both train on the same number of images", () => {
    const app = classSplitCounts(60, 0.15, 0);
    expect(peerSplitCounts([60])).toEqual({ trainCount: app.train, valCount: app.val });
    // The app's default test share would train it on 43 of 60 where the library trains on 51.
    expect(classSplitCounts(60, 0.15, 0.15).train).toBe(43);
  });
});
