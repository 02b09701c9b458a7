// Candidate "dissimilar" tasks measured against the chosen one (MIRRORED_LETTERS in tasks.ts):
// pictures whose class depends on something ImageNet features might not keep. The lesson's was
// picked as the one MobileNet's frozen features did worst on (scripts/measure-dissimilar.ts,
// figures in docs/lesson.md), before any scenario was run on it.
import { addNoise, hsl, stamp } from './raster';
import { plainPaper, scatter, type SampleTask } from './tasks';

const disc = (u: number, v: number) => u * u + v * v <= 1;

/** "How many dots": 2, 3, 4 or 5 dots of one size and colour. */
export const DOT_COUNT: SampleTask = {
  id: 'dots-count4',
  family: 'shapes',
  classes: ['two', 'three', 'four', 'five'],
  seed: 6006,
  draw: (image, classIndex, rng) => {
    plainPaper(image, rng);
    const ink = hsl(rng(), 0.6 + rng() * 0.3, 0.55 + rng() * 0.15);
    const radius = 0.05 + rng() * 0.03;
    for (const spot of scatter(classIndex + 2, radius, rng)) stamp(image, { ...spot, radius, angle: 0 }, disc, ink);
    addNoise(image, 20, rng);
  },
};

/** "Where is the blue dot": left of, right of, above or below the red one, anywhere in the picture. */
export const DOT_PAIR: SampleTask = {
  id: 'dot-pair4',
  family: 'shapes',
  classes: ['blue-left', 'blue-right', 'blue-above', 'blue-below'],
  seed: 7007,
  draw: (image, classIndex, rng) => {
    plainPaper(image, rng);
    const radius = 0.06 + rng() * 0.03;
    const gap = 0.25 + rng() * 0.3;
    const along = [
      [-1, 0],
      [1, 0],
      [0, -1],
      [0, 1],
    ][classIndex];
    const cx = radius + gap * Math.max(0, -along[0]) + rng() * (1 - 2 * radius - gap * Math.abs(along[0]));
    const cy = radius + gap * Math.max(0, -along[1]) + rng() * (1 - 2 * radius - gap * Math.abs(along[1]));
    stamp(image, { cx, cy, radius, angle: 0 }, disc, hsl(0, 0.8, 0.5));
    stamp(image, { cx: cx + along[0] * gap, cy: cy + along[1] * gap, radius, angle: 0 }, disc, hsl(0.62, 0.8, 0.55));
    addNoise(image, 20, rng);
  },
};

/** The candidates measured and not chosen (the chosen one, MIRRORED_LETTERS, lives in tasks.ts). */
export const REJECTED_DISSIMILAR_CANDIDATES: readonly SampleTask[] = [DOT_COUNT, DOT_PAIR];
