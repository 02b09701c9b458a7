import { createRng } from '../../rng';
import type { SampleSet } from '../train-model';

/**
 * A task a CNN can learn and a dense layer on raw pixels also could, but only by looking at
 * where things are: class 0 has a bright blob in the left half, class 1 in the right half, on
 * noise. Pixels in [-1, 1], [size, size, 3].
 */
export function blobImages(count: number, size: number, seed: number): SampleSet {
  const rng = createRng(seed);
  const samples: Float32Array[] = [];
  const labels: number[] = [];
  for (let i = 0; i < count; i++) {
    const label = i % 2;
    const image = new Float32Array(size * size * 3);
    for (let k = 0; k < image.length; k++) image[k] = rng() * 0.6 - 0.8;
    const cx = Math.floor((label === 0 ? 0.25 : 0.75) * size + (rng() - 0.5) * size * 0.2);
    const cy = Math.floor(size * (0.3 + rng() * 0.4));
    const radius = Math.max(2, Math.floor(size / 6));
    for (let y = cy - radius; y <= cy + radius; y++) {
      for (let x = cx - radius; x <= cx + radius; x++) {
        if (y < 0 || y >= size || x < 0 || x >= size) continue;
        for (let c = 0; c < 3; c++) image[(y * size + x) * 3 + c] = 0.9;
      }
    }
    samples.push(image);
    labels.push(label);
  }
  return { samples, shape: [size, size, 3], labels };
}
