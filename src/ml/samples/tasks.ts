// The generated sample tasks and the sets the app offers. A task is a family of generator with
// its parameters; every picture is a pure function of (task, class, index, size), so a set of
// any size is reproduced exactly, on any machine, without a download or anything to license.
import { createRng } from '../rng';
import { GLYPHS, glyphInside, TEXTURES } from './patterns';
import { addNoise, createImage, hsl, mix, paint, stamp, type RgbaImage } from './raster';
import { outline, SHAPES } from './shapes';

export type SampleFamily = 'shapes' | 'textures' | 'glyphs';

export interface SampleTask {
  id: string;
  family: SampleFamily;
  /** Class names, in class-index order. */
  classes: readonly string[];
  seed: number;
  draw: (image: RgbaImage, classIndex: number, rng: () => number) => void;
}

/** A random, fairly bright colour and a darker, duller background that contrasts with it. */
function inkAndPaper(rng: () => number): { ink: readonly [number, number, number]; paper: readonly [number, number, number] } {
  const hue = rng();
  const ink = hsl(hue, 0.55 + rng() * 0.4, 0.45 + rng() * 0.2);
  const paper = hsl((hue + 0.3 + rng() * 0.4) % 1, rng() * 0.4, 0.12 + rng() * 0.25);
  return { ink, paper };
}

interface ShapeTaskOptions {
  /** Draw outlines instead of filled shapes. */
  outlined: boolean;
  /** Shapes per picture: one, or a few of the same class. */
  maxCopies: number;
  noise: number;
}

function shapeTask(id: string, classes: readonly string[], seed: number, options: ShapeTaskOptions): SampleTask {
  return {
    id,
    family: 'shapes',
    classes,
    seed,
    draw: (image, classIndex, rng) => {
      const { ink, paper } = inkAndPaper(rng);
      const shade = mix(paper, [0, 0, 0], 0.4);
      const tilt = rng() * Math.PI * 2;
      const cos = Math.cos(tilt);
      const sin = Math.sin(tilt);
      paint(image, paper, shade, (x, y) => 0.5 + 0.5 * Math.sin((x * cos + y * sin) * 3));
      const inside = SHAPES[classes[classIndex]];
      const test = options.outlined ? outline(inside, 0.3) : inside;
      const copies = 1 + Math.floor(rng() * options.maxCopies);
      for (let i = 0; i < copies; i++) {
        const radius = copies === 1 ? 0.22 + rng() * 0.2 : 0.12 + rng() * 0.1;
        const placement = {
          cx: radius + rng() * (1 - 2 * radius),
          cy: radius + rng() * (1 - 2 * radius),
          radius,
          angle: rng() * Math.PI * 2,
        };
        stamp(image, placement, test, ink);
      }
      addNoise(image, options.noise, rng);
    },
  };
}

function textureTask(id: string, classes: readonly string[], seed: number): SampleTask {
  return {
    id,
    family: 'textures',
    classes,
    seed,
    draw: (image, classIndex, rng) => {
      const { ink, paper } = inkAndPaper(rng);
      const pattern = TEXTURES[classes[classIndex]]({ frequency: 4 + rng() * 8, angle: rng() * Math.PI, phase: rng() });
      paint(image, paper, ink, pattern);
      addNoise(image, 30, rng);
    },
  };
}

function glyphTask(id: string, classes: readonly string[], seed: number): SampleTask {
  return {
    id,
    family: 'glyphs',
    classes,
    seed,
    draw: (image, classIndex, rng) => {
      const { ink, paper } = inkAndPaper(rng);
      paint(image, paper, paper, () => 0);
      const radius = 0.25 + rng() * 0.18;
      const placement = {
        cx: radius + rng() * (1 - 2 * radius),
        cy: radius + rng() * (1 - 2 * radius),
        radius,
        angle: (rng() - 0.5) * 0.6,
      };
      stamp(image, placement, glyphInside(classes[classIndex]), ink);
      addNoise(image, 30, rng);
    },
  };
}

/** One flat, dull, darkish colour over the whole picture. */
export function plainPaper(image: RgbaImage, rng: () => number): void {
  const paper = hsl(rng(), rng() * 0.3, 0.15 + rng() * 0.2);
  paint(image, paper, paper, () => 0);
}

/** Places `count` discs of `radius` that do not touch, by rejection (deterministic for the rng). */
export function scatter(count: number, radius: number, rng: () => number): { cx: number; cy: number }[] {
  const placed: { cx: number; cy: number }[] = [];
  for (let tries = 0; placed.length < count && tries < 2000; tries++) {
    const cx = radius + rng() * (1 - 2 * radius);
    const cy = radius + rng() * (1 - 2 * radius);
    if (placed.every((p) => Math.hypot(p.cx - cx, p.cy - cy) > 2.6 * radius)) placed.push({ cx, cy });
  }
  return placed;
}

const F_ROWS = ['#####', '#....', '#....', '####.', '#....', '#....', '#....'];

function bitmapInside(rows: readonly string[], mirrored: boolean): (u: number, v: number) => boolean {
  return (u, v) => {
    let col = Math.floor((u + 0.6) / 0.24);
    const row = Math.floor((v + 0.84) / 0.24);
    if (mirrored) col = 4 - col;
    return row >= 0 && row < 7 && col >= 0 && col < 5 && rows[row][col] === '#';
  };
}

/**
 * "Which way round": 2-5 copies of the letter F, turned at random, either all the right way
 * round or all mirrored. Photos of ImageNet are learnt both ways round (random flips), so its
 * features have a reason to ignore the difference.
 */
export const MIRRORED_LETTERS: SampleTask = {
  id: 'mirror2',
  family: 'glyphs',
  classes: ['right-way', 'mirrored'],
  seed: 5005,
  draw: (image, classIndex, rng) => {
    plainPaper(image, rng);
    const ink = hsl(rng(), 0.6 + rng() * 0.3, 0.55 + rng() * 0.15);
    const radius = 0.1 + rng() * 0.04;
    for (const spot of scatter(2 + Math.floor(rng() * 4), radius, rng)) {
      stamp(image, { ...spot, radius, angle: rng() * Math.PI * 2 }, bitmapInside(F_ROWS, classIndex === 1), ink);
    }
    addNoise(image, 20, rng);
  },
};

/** The source task: ten filled shapes, the "plenty of data" task a source model is trained on. */
export const SHAPES_SOURCE = shapeTask(
  'shapes10',
  ['circle', 'square', 'triangle', 'diamond', 'cross', 'star', 'ring', 'hexagon', 'heart', 'crescent'],
  1001,
  {
    outlined: false,
    maxCopies: 1,
    noise: 24,
  },
);

/** Near the source: the same generator with other parameters (five other shapes, smaller, often two or three to a picture). */
export const SHAPES_NEAR = shapeTask('shapes-new5', ['pentagon', 'octagon', 'arrow', 'tee', 'spark'], 2002, {
  outlined: false,
  maxCopies: 3,
  noise: 32,
});

/** Far from the source: a different family, whole-picture textures. */
export const TEXTURES_FAR = textureTask('textures6', Object.keys(TEXTURES), 3003);

/** Far from the source too: letters. */
export const GLYPHS_FAR = glyphTask('letters8', GLYPHS, 4004);

export const SAMPLE_TASKS: readonly SampleTask[] = [SHAPES_SOURCE, SHAPES_NEAR, TEXTURES_FAR, GLYPHS_FAR, MIRRORED_LETTERS];

/** 32-bit hash of the picture's coordinates: any picture can be drawn alone, in any order. */
export function pictureSeed(task: SampleTask, classIndex: number, index: number): number {
  let h = Math.imul(task.seed ^ 0x9e3779b9, 0x85ebca6b);
  h = Math.imul(h ^ (classIndex + 1), 0xc2b2ae35);
  h = Math.imul(h ^ (index + 1), 0x27d4eb2f);
  return (h ^ (h >>> 15)) >>> 0;
}

/** Picture `index` of class `classIndex`, `size` x `size` RGBA. */
export function renderSample(task: SampleTask, classIndex: number, index: number, size = 224): RgbaImage {
  if (!Number.isInteger(classIndex) || classIndex < 0 || classIndex >= task.classes.length)
    throw new Error(`Task ${task.id} has no class ${classIndex}.`);
  if (!Number.isInteger(index) || index < 0) throw new Error(`A picture index must be a whole number from 0, got ${index}.`);
  const image = createImage(size);
  task.draw(image, classIndex, createRng(pictureSeed(task, classIndex, index)));
  return image;
}

export interface SamplePicture {
  classIndex: number;
  label: string;
  index: number;
  /** A file name that says what it is, e.g. "star-017.png". */
  name: string;
}

/**
 * Every picture of a set of `perClass` pictures per class, classes interleaved (circle 0, square 0,
 * …, circle 1, …): any prefix of the list is balanced to within one picture per class.
 */
export function samplePictures(task: SampleTask, perClass: number, classCount = task.classes.length): SamplePicture[] {
  if (!Number.isInteger(perClass) || perClass < 1) throw new Error(`A sample set needs at least one picture per class, got ${perClass}.`);
  if (!Number.isInteger(classCount) || classCount < 2 || classCount > task.classes.length)
    throw new Error(`Task ${task.id} has 2 to ${task.classes.length} classes, got ${classCount}.`);
  const pictures: SamplePicture[] = [];
  for (let index = 0; index < perClass; index++) {
    for (let classIndex = 0; classIndex < classCount; classIndex++) {
      const label = task.classes[classIndex];
      pictures.push({ classIndex, label, index, name: `${label}-${String(index).padStart(3, '0')}.png` });
    }
  }
  return pictures;
}
