// Generated pictures as the lab's training samples: RGB in [-1, 1], [size, size, 3], the layout the
// lab's pixel caches hold (src/ml/lab/train-model.ts SampleSet). No tfjs here.
import { renderSample, samplePictures, type SampleTask } from './tasks';

export interface PixelSamples {
  samples: Float32Array[];
  shape: number[];
  labels: number[];
}

/** `perClass` pictures of each of the first `classCount` classes, from picture index `firstIndex` on. */
export function samplePixels(
  task: SampleTask,
  perClass: number,
  size: number,
  options: { classCount?: number; firstIndex?: number } = {},
): PixelSamples {
  const samples: Float32Array[] = [];
  const labels: number[] = [];
  for (const picture of samplePictures(task, perClass, options.classCount)) {
    const { data } = renderSample(task, picture.classIndex, picture.index + (options.firstIndex ?? 0), size);
    const rgb = new Float32Array(size * size * 3);
    for (let p = 0; p < size * size; p++) for (let c = 0; c < 3; c++) rgb[p * 3 + c] = data[p * 4 + c] / 127.5 - 1;
    samples.push(rgb);
    labels.push(picture.classIndex);
  }
  return { samples, shape: [size, size, 3], labels };
}
