import { describe, expect, it } from 'vitest';
import { LEVER_SETS, leverSummary } from './training-levers';

describe('LEVER_SETS', () => {
  it("starts with Teachable Machine's recipe and ends with the app's default", () => {
    expect(LEVER_SETS[0]).toEqual({ name: 'teachable-machine-recipe', mirrorViews: false, finalFit: false });
    expect(LEVER_SETS.at(-1)).toEqual({ name: 'default', mirrorViews: true, finalFit: true });
  });
});

describe('leverSummary', () => {
  it('puts each lever beside the recipe: accuracy in points, time as a ratio', () => {
    const summary = leverSummary([
      {
        lever: 'teachable-machine-recipe',
        line: { testAccuracy: 0.9, trainWallMs: 4000, embedAndTrainCpuMs: 6000, embedMs: 3000, trainMs: 800 },
      },
      { lever: 'default', line: { testAccuracy: 0.925, trainWallMs: 7800, embedAndTrainCpuMs: 10800, embedMs: 5000, trainMs: 2600 } },
    ]);
    expect(summary).toEqual([
      {
        lever: 'teachable-machine-recipe',
        testAccuracy: 0.9,
        pointsOverRecipe: 0,
        embedAndTrainMs: 4000,
        timeOverRecipe: 1,
        embedAndTrainCpuMs: 6000,
        cpuOverRecipe: 1,
        embedMs: 3000,
        headMs: 800,
      },
      {
        lever: 'default',
        testAccuracy: 0.925,
        pointsOverRecipe: 2.5,
        embedAndTrainMs: 7800,
        timeOverRecipe: 1.95,
        embedAndTrainCpuMs: 10800,
        cpuOverRecipe: 1.8,
        embedMs: 5000,
        headMs: 2600,
      },
    ]);
  });

  it('leaves the comparisons empty when the recipe did not run', () => {
    const [only] = leverSummary([{ lever: 'default', line: { testAccuracy: 0.9, trainWallMs: 100 } }]);
    expect(only).toMatchObject({ pointsOverRecipe: null, timeOverRecipe: null, embedMs: null });
  });
});
