// The comparison line of a --peer run: how many times faster the app embeds and trains than the
// peer library, and how its test accuracy compares, from the two result lines of one bench run.

/** A result line: embedImagesPerSec, trainMs, epochs and testAccuracy are read from it. */
export type RatioInputs = Record<string, unknown>;

export interface Ratios {
  /** app images/s ÷ peer images/s */
  embedSpeedup: number | null;
  /** peer training time ÷ app training time (same number of epochs) */
  trainSpeedup: number | null;
  /** app test accuracy − peer test accuracy */
  testAccuracyDelta: number | null;
  /** The same speed-ups in Chromium CPU time (peer CPU ÷ app CPU): less swayed by other load. */
  embedCpuRatio: number | null;
  trainCpuRatio: number | null;
  sameEpochs: boolean;
}

const num = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);
const ratio = (a: number | null, b: number | null): number | null =>
  a !== null && b !== null && b > 0 ? Math.round((a / b) * 100) / 100 : null;

export function computeRatios(app: RatioInputs, peer: RatioInputs): Ratios {
  const appAccuracy = num(app.testAccuracy);
  const peerAccuracy = num(peer.testAccuracy);
  return {
    embedSpeedup: ratio(num(app.embedImagesPerSec), num(peer.embedImagesPerSec)),
    trainSpeedup: ratio(num(peer.trainMs), num(app.trainMs)),
    testAccuracyDelta: appAccuracy !== null && peerAccuracy !== null ? Math.round((appAccuracy - peerAccuracy) * 1e4) / 1e4 : null,
    embedCpuRatio: ratio(num(peer.embedCpuMsPerImage), num(app.embedCpuMsPerImage)),
    trainCpuRatio: ratio(num(peer.trainCpuMsPerEpoch), num(app.trainCpuMsPerEpoch)),
    sameEpochs: num(app.epochs) !== null && num(app.epochs) === num(peer.epochs),
  };
}

const median = (values: number[]): number | null => {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : Math.round(((sorted[middle - 1] + sorted[middle]) / 2) * 100) / 100;
};

/** Medians over rounds of each ratio, and of each side's figures, with the per-round ratios. */
export function medianRatios(rounds: { app: RatioInputs; peer: RatioInputs | null }[]): Record<string, unknown> {
  const paired = rounds.filter((r): r is { app: RatioInputs; peer: RatioInputs } => r.peer !== null);
  const ratios = paired.map((r) => computeRatios(r.app, r.peer));
  const pick = (values: (number | null)[]) => values.filter((v): v is number => v !== null);
  const figure = (side: 'app' | 'peer', key: string) => median(pick(paired.map((r) => num(r[side][key]))));
  const sideMedians = (side: 'app' | 'peer') =>
    Object.fromEntries(
      ['embedImagesPerSec', 'embedCpuMsPerImage', 'headMsPerEpoch', 'trainMs', 'trainCpuMsPerEpoch', 'testAccuracy'].map((key) => [
        key,
        figure(side, key),
      ]),
    );
  return {
    embedSpeedup: median(pick(ratios.map((r) => r.embedSpeedup))),
    trainSpeedup: median(pick(ratios.map((r) => r.trainSpeedup))),
    testAccuracyDelta: median(pick(ratios.map((r) => r.testAccuracyDelta))),
    embedCpuRatio: median(pick(ratios.map((r) => r.embedCpuRatio))),
    trainCpuRatio: median(pick(ratios.map((r) => r.trainCpuRatio))),
    perRound: ratios.map((r) => ({
      embedSpeedup: r.embedSpeedup,
      trainSpeedup: r.trainSpeedup,
      testAccuracyDelta: r.testAccuracyDelta,
      embedCpuRatio: r.embedCpuRatio,
      trainCpuRatio: r.trainCpuRatio,
    })),
    app: sideMedians('app'),
    peer: sideMedians('peer'),
  };
}
