// `npm run bench -- --options`: the app once per training lever set on the same split, each in a
// fresh browser context (its own project and embedding cache), then one line that sets each
// lever's test accuracy and time beside Teachable Machine's recipe run the same way.

export interface LeverSet {
  name: string;
  /** Advanced settings → "Learn from mirror images too". */
  mirrorViews: boolean;
  /** Advanced settings → "Final round on all photos". */
  finalFit: boolean;
}

/** The recipe first: every other set is compared with it. */
export const LEVER_SETS: readonly LeverSet[] = [
  { name: 'teachable-machine-recipe', mirrorViews: false, finalFit: false },
  { name: 'mirror-views', mirrorViews: true, finalFit: false },
  { name: 'final-fit', mirrorViews: false, finalFit: true },
  { name: 'mirror-views+final-fit', mirrorViews: true, finalFit: true },
];

/** The set the app trains with by default (training-levers.test.ts checks it against the app's settings). */
export const DEFAULT_LEVER_SET = 'final-fit';

const num = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);
const round2 = (value: number) => Math.round(value * 100) / 100;

/**
 * One entry per lever set: test accuracy and its difference from the recipe in points; the time
 * from the Train click to the trained model (embedding + training, `trainWallMs`) and its ratio
 * to the recipe's; the same in Chromium's CPU time (steadier on a busy machine: the other load
 * slows the wall clock, much less the CPU a run uses); embedding and head times apart.
 */
export function leverSummary(lines: { lever: string; line: Record<string, unknown> }[]): Record<string, unknown>[] {
  const recipe = lines.find((l) => l.lever === LEVER_SETS[0].name)?.line ?? null;
  const recipeAccuracy = num(recipe?.testAccuracy);
  const recipeWall = num(recipe?.trainWallMs);
  const recipeCpu = num(recipe?.embedAndTrainCpuMs);
  return lines.map(({ lever, line }) => {
    const accuracy = num(line.testAccuracy);
    const wall = num(line.trainWallMs);
    const cpu = num(line.embedAndTrainCpuMs);
    return {
      lever,
      ...(lever === DEFAULT_LEVER_SET ? { appDefault: true } : {}),
      testAccuracy: accuracy,
      pointsOverRecipe: accuracy !== null && recipeAccuracy !== null ? round2((accuracy - recipeAccuracy) * 100) : null,
      embedAndTrainMs: wall,
      timeOverRecipe: wall !== null && recipeWall !== null && recipeWall > 0 ? round2(wall / recipeWall) : null,
      embedAndTrainCpuMs: cpu,
      cpuOverRecipe: cpu !== null && recipeCpu !== null && recipeCpu > 0 ? round2(cpu / recipeCpu) : null,
      embedMs: num(line.embedMs),
      headMs: num(line.trainMs),
    };
  });
}
