// Shapes as inside-tests in their own frame: (u, v) in [-1, 1], the shape's bounding circle has
// radius 1. Outlines are a shape minus a shrunk copy of itself.

export type InsideTest = (u: number, v: number) => boolean;

function polygon(sides: number, phase = 0): InsideTest {
  // A regular polygon is the intersection of `sides` half-planes at distance cos(pi / sides).
  const apothem = Math.cos(Math.PI / sides);
  const normals = Array.from({ length: sides }, (_, i) => {
    const a = phase + (2 * Math.PI * (i + 0.5)) / sides;
    return [Math.cos(a), Math.sin(a)] as const;
  });
  return (u, v) => normals.every(([nx, ny]) => u * nx + v * ny <= apothem);
}

function star(points: number, innerRatio: number): InsideTest {
  return (u, v) => {
    const r = Math.hypot(u, v);
    if (r > 1) return false;
    const sector = (2 * Math.PI) / points;
    const a = (((Math.atan2(v, u) + Math.PI / 2) % sector) + sector) % sector;
    const t = Math.abs(a / sector - 0.5) * 2; // 1 at a tip, 0 between tips
    return r <= innerRatio + (1 - innerRatio) * t * t;
  };
}

export const SHAPES: Readonly<Record<string, InsideTest>> = {
  circle: (u, v) => u * u + v * v <= 0.85,
  square: (u, v) => Math.max(Math.abs(u), Math.abs(v)) <= 0.68,
  triangle: polygon(3, Math.PI / 2),
  diamond: (u, v) => Math.abs(u) + Math.abs(v) * 1.4 <= 1,
  cross: (u, v) => (Math.abs(u) <= 0.25 && Math.abs(v) <= 0.9) || (Math.abs(v) <= 0.25 && Math.abs(u) <= 0.9),
  star: star(5, 0.42),
  ring: (u, v) => {
    const r2 = u * u + v * v;
    return r2 <= 0.85 && r2 >= 0.35;
  },
  hexagon: polygon(6),
  heart: (u, v) => {
    const x = u * 1.15;
    const y = -v * 1.15 + 0.25;
    const a = x * x + y * y - 0.6;
    return a * a * a - x * x * y * y * y <= 0;
  },
  crescent: (u, v) => u * u + v * v <= 0.8 && (u - 0.35) * (u - 0.35) + v * v > 0.5,
  pentagon: polygon(5, Math.PI / 2),
  octagon: polygon(8),
  arrow: (u, v) => (Math.abs(v) <= 0.22 && u >= -0.9 && u <= 0.2) || (u > 0.2 && u <= 0.9 && Math.abs(v) <= (0.9 - u) * 0.9),
  bar: (u, v) => Math.abs(u) <= 0.9 && Math.abs(v) <= 0.28,
  tee: (u, v) => (Math.abs(v + 0.55) <= 0.22 && Math.abs(u) <= 0.85) || (Math.abs(u) <= 0.22 && v >= -0.6 && v <= 0.85),
  spark: star(8, 0.3),
};

export type ShapeName = keyof typeof SHAPES;

/** The shape's outline of relative thickness `thickness` (0-1). */
export function outline(inside: InsideTest, thickness: number): InsideTest {
  const scale = 1 / (1 - thickness);
  return (u, v) => inside(u, v) && !inside(u * scale, v * scale);
}
