import { describe, expect, it } from 'vitest';
import { createRng } from '../rng';
import { createImage } from './raster';
import { SAMPLE_SETS } from './sample-sets';
import { MIRRORED_LETTERS, renderSample, SAMPLE_TASKS, samplePictures, SHAPES_SOURCE, TEXTURES_FAR } from './tasks';

function meanAbsDifference(a: Uint8ClampedArray, b: Uint8ClampedArray): number {
  let sum = 0;
  for (let k = 0; k < a.length; k++) sum += Math.abs(a[k] - b[k]);
  return sum / a.length;
}

/** Share of pixels far from the picture's median brightness: the ink of the shape or pattern. */
function inkShare(data: Uint8ClampedArray): number {
  const brightness: number[] = [];
  for (let k = 0; k < data.length; k += 4) brightness.push(data[k] + data[k + 1] + data[k + 2]);
  const sorted = [...brightness].sort((x, y) => x - y);
  const median = sorted[Math.floor(sorted.length / 2)];
  return brightness.filter((b) => Math.abs(b - median) > 90).length / brightness.length;
}

describe('generated sample pictures', () => {
  it('are the same for the same seed, picture after picture, in any order', () => {
    for (const task of SAMPLE_TASKS) {
      const a = renderSample(task, 1, 7, 64);
      renderSample(task, 0, 3, 64); // drawing another picture in between changes nothing
      const b = renderSample(task, 1, 7, 64);
      expect(Buffer.from(b.data).equals(Buffer.from(a.data))).toBe(true);
    }
  });

  it('differ from picture to picture and from class to class', () => {
    for (const task of SAMPLE_TASKS) {
      const a = renderSample(task, 0, 0, 64).data;
      expect(meanAbsDifference(a, renderSample(task, 0, 1, 64).data)).toBeGreaterThan(5);
      expect(meanAbsDifference(a, renderSample(task, 1, 0, 64).data)).toBeGreaterThan(5);
    }
  });

  it('come at any size as opaque RGBA, and refuse sizes and classes that do not exist', () => {
    for (const size of [8, 33, 224, 300]) {
      const image = renderSample(SHAPES_SOURCE, 2, 0, size);
      expect([image.width, image.height, image.data.length]).toEqual([size, size, size * size * 4]);
      expect(image.data.filter((_, k) => k % 4 === 3).every((alpha) => alpha === 255)).toBe(true);
    }
    expect(() => renderSample(SHAPES_SOURCE, 10, 0)).toThrow(/no class 10/);
    expect(() => renderSample(SHAPES_SOURCE, 0, -1)).toThrow(/whole number/);
    expect(() => renderSample(SHAPES_SOURCE, 0, 0, 4)).toThrow(/8 to 2048/);
  });

  it('draw something: a shape covers part of its picture, a texture about half of it', () => {
    for (let i = 0; i < 10; i++) {
      const shape = inkShare(renderSample(SHAPES_SOURCE, i, i, 96).data);
      expect(shape).toBeGreaterThan(0.03);
      expect(shape).toBeLessThan(0.6);
    }
    for (let i = 0; i < TEXTURES_FAR.classes.length; i++) expect(inkShare(renderSample(TEXTURES_FAR, i, i, 96).data)).toBeGreaterThan(0.15);
  });
});

describe('the mirrored-letter task', () => {
  it('draws the same letters in the same places, only mirrored: the class is the only difference', () => {
    for (let i = 0; i < 6; i++) {
      // The same random draws for both classes: same colours, spots, turns and grain; mirroring keeps the ink's area.
      const draw = (classIndex: number) => {
        const image = createImage(96);
        MIRRORED_LETTERS.draw(image, classIndex, createRng(100 + i));
        return image.data;
      };
      const rightWay = draw(0);
      const mirrored = draw(1);
      const a = inkShare(rightWay);
      expect(a).toBeGreaterThan(0.005);
      expect(Math.abs(inkShare(mirrored) - a)).toBeLessThan(0.25 * a);
      expect(meanAbsDifference(rightWay, mirrored)).toBeGreaterThan(1);
    }
  });
});

describe('sample sets', () => {
  it('are class-balanced, and every prefix is balanced to within one picture', () => {
    for (const set of SAMPLE_SETS) {
      const pictures = samplePictures(set.task, set.perClass);
      expect(pictures).toHaveLength(set.perClass * set.task.classes.length);
      const counts = new Map<number, number>();
      pictures.forEach((picture, i) => {
        counts.set(picture.classIndex, (counts.get(picture.classIndex) ?? 0) + 1);
        const values = [...counts.values()];
        if ((i + 1) % set.task.classes.length === 0) expect(Math.max(...values) - Math.min(...values)).toBe(0);
      });
      expect([...counts.values()].every((n) => n === set.perClass)).toBe(true);
      expect(new Set(pictures.map((p) => p.name)).size).toBe(pictures.length);
    }
  });

  it('include a source task with at least 10 classes x 300 pictures, and targets near it and far from it', () => {
    const source = SAMPLE_SETS.filter((set) => set.role === 'source');
    expect(source.some((set) => set.task.classes.length >= 10 && set.perClass >= 300)).toBe(true);
    const near = SAMPLE_SETS.filter((set) => set.role === 'near');
    const far = SAMPLE_SETS.filter((set) => set.role === 'far');
    expect(near.every((set) => set.task.family === source[0].task.family)).toBe(true);
    expect(far.length).toBeGreaterThan(0);
    expect(far.every((set) => set.task.family !== source[0].task.family)).toBe(true);
    // Near targets are new classes, not a copy of the source task.
    for (const set of near) expect(set.task.classes.some((c) => source[0].task.classes.includes(c))).toBe(false);
  });

  it('can take fewer classes of a task, and refuse an empty set', () => {
    expect(new Set(samplePictures(SHAPES_SOURCE, 3, 4).map((p) => p.label))).toEqual(new Set(['circle', 'square', 'triangle', 'diamond']));
    expect(() => samplePictures(SHAPES_SOURCE, 0)).toThrow(/at least one picture/);
    expect(() => samplePictures(SHAPES_SOURCE, 3, 11)).toThrow(/2 to 10 classes/);
  });
});
