// The sample projects the app offers in one click, and what each is for in the lesson.
import { GLYPHS_FAR, MIRRORED_LETTERS, SHAPES_NEAR, SHAPES_SOURCE, TEXTURES_FAR, type SampleTask } from './tasks';

/** Where a set sits in the lesson: the source task, or a target near it or far from it. */
export type SampleRole = 'source' | 'near' | 'far';

export interface SampleSet {
  id: string;
  title: string;
  /** One sentence for the picker, plain enough for a 14-year-old. */
  description: string;
  task: SampleTask;
  perClass: number;
  role: SampleRole;
}

export const SAMPLE_SETS: readonly SampleSet[] = [
  {
    id: 'shapes-small',
    title: 'Five new shapes, 20 pictures each',
    description: 'Pentagons, octagons, arrows, T shapes and sparks: a small set, close to the ten-shapes task.',
    task: SHAPES_NEAR,
    perClass: 20,
    role: 'near',
  },
  {
    id: 'textures-small',
    title: 'Six textures, 20 pictures each',
    description: 'Stripes, checks, dots, waves, rings and zigzags: a small set, far from the shapes.',
    task: TEXTURES_FAR,
    perClass: 20,
    role: 'far',
  },
  {
    id: 'letters-small',
    title: 'Eight letters, 20 pictures each',
    description: 'The letters A, E, H, L, O, S, T and X in random colours: a small set, far from the shapes.',
    task: GLYPHS_FAR,
    perClass: 20,
    role: 'far',
  },
  {
    id: 'shapes-large',
    title: 'Five new shapes, 200 pictures each',
    description: 'The same five shapes, ten times as many pictures: a large set.',
    task: SHAPES_NEAR,
    perClass: 200,
    role: 'near',
  },
  {
    id: 'textures-large',
    title: 'Six textures, 200 pictures each',
    description: 'The same six textures, ten times as many pictures: a large set far from the shapes.',
    task: TEXTURES_FAR,
    perClass: 200,
    role: 'far',
  },
  {
    id: 'mirror-small',
    title: 'Letter F the right way round or mirrored, 20 pictures each',
    description:
      'A few letters F, turned any way: are they the right way round or mirrored? Very far from the photos a pretrained model learnt from.',
    task: MIRRORED_LETTERS,
    perClass: 20,
    role: 'far',
  },
  {
    id: 'mirror-large',
    title: 'Letter F the right way round or mirrored, 200 pictures each',
    description: 'The same question, ten times as many pictures: a large set very far from the photos a pretrained model learnt from.',
    task: MIRRORED_LETTERS,
    perClass: 200,
    role: 'far',
  },
  {
    id: 'shapes-source',
    title: 'Ten shapes, 300 pictures each (a source task)',
    description: 'Circles, squares, stars, hearts and six more: plenty of data to train your own model on, then reuse it.',
    task: SHAPES_SOURCE,
    perClass: 300,
    role: 'source',
  },
];

export function findSampleSet(id: string): SampleSet | undefined {
  return SAMPLE_SETS.find((set) => set.id === id);
}
