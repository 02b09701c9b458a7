// Textures and letters: the two generator families "far" from the shapes. A texture fills the
// whole picture with a repeating pattern; a letter is a 5x7 bitmap glyph drawn large.
export type Pattern = (x: number, y: number) => number;

export interface PatternParams {
  /** Repeats across the picture. */
  frequency: number;
  angle: number;
  phase: number;
}

const frac = (t: number) => t - Math.floor(t);

/** The pattern's own axes: u along the angle, v across it (cos and sin computed once per picture). */
function axes(angle: number): { u: (x: number, y: number) => number; v: (x: number, y: number) => number } {
  const c = Math.cos(angle);
  const s = Math.sin(angle);
  return { u: (x, y) => x * c + y * s, v: (x, y) => -x * s + y * c };
}

/** Each texture maps a point of the picture to 0 or 1 (background or ink), given its parameters. */
export const TEXTURES: Readonly<Record<string, (p: PatternParams) => Pattern>> = {
  stripes: (p) => {
    const { u } = axes(p.angle);
    return (x, y) => (frac(u(x, y) * p.frequency + p.phase) < 0.5 ? 1 : 0);
  },
  checks: (p) => {
    const { u, v } = axes(p.angle);
    return (x, y) => (Math.floor(u(x, y) * p.frequency + p.phase) + Math.floor(v(x, y) * p.frequency)) & 1;
  },
  dots: (p) => {
    const { u, v } = axes(p.angle);
    return (x, y) => {
      const du = frac(u(x, y) * p.frequency + p.phase) - 0.5;
      const dv = frac(v(x, y) * p.frequency) - 0.5;
      return du * du + dv * dv < 0.09 ? 1 : 0;
    };
  },
  waves: (p) => {
    const { u, v } = axes(p.angle);
    return (x, y) => (frac(u(x, y) * p.frequency + 0.18 * Math.sin(v(x, y) * p.frequency * 2 * Math.PI) + p.phase) < 0.5 ? 1 : 0);
  },
  rings: (p) => {
    const cx = 0.5 + 0.2 * Math.cos(p.angle);
    const cy = 0.5 + 0.2 * Math.sin(p.angle);
    return (x, y) => (frac(Math.hypot(x - cx, y - cy) * p.frequency + p.phase) < 0.5 ? 1 : 0);
  },
  zigzag: (p) => {
    const { u, v } = axes(p.angle);
    return (x, y) => (frac(u(x, y) * p.frequency + Math.abs(frac(v(x, y) * p.frequency) - 0.5) + p.phase) < 0.5 ? 1 : 0);
  },
};

const GLYPH_ROWS: Readonly<Record<string, readonly string[]>> = {
  A: ['.###.', '#...#', '#...#', '#####', '#...#', '#...#', '#...#'],
  E: ['#####', '#....', '#....', '####.', '#....', '#....', '#####'],
  H: ['#...#', '#...#', '#...#', '#####', '#...#', '#...#', '#...#'],
  L: ['#....', '#....', '#....', '#....', '#....', '#....', '#####'],
  O: ['.###.', '#...#', '#...#', '#...#', '#...#', '#...#', '.###.'],
  S: ['.####', '#....', '#....', '.###.', '....#', '....#', '####.'],
  T: ['#####', '..#..', '..#..', '..#..', '..#..', '..#..', '..#..'],
  X: ['#...#', '#...#', '.#.#.', '..#..', '.#.#.', '#...#', '#...#'],
};

export const GLYPHS: readonly string[] = Object.keys(GLYPH_ROWS);

/** The glyph as an inside-test in a shape's frame ([-1, 1]; 5 columns x 7 rows fill [-0.6, 0.6] x [-0.84, 0.84]). */
export function glyphInside(letter: string): (u: number, v: number) => boolean {
  const rows = GLYPH_ROWS[letter];
  if (!rows) throw new Error(`No glyph for "${letter}".`);
  return (u, v) => {
    const col = Math.floor((u + 0.6) / 0.24);
    const row = Math.floor((v + 0.84) / 0.24);
    return row >= 0 && row < 7 && col >= 0 && col < 5 && rows[row][col] === '#';
  };
}
