import { describe, expect, it } from 'vitest';
import { DEFAULT_TRAINING_SETTINGS } from '../../src/state/training-store';
import { DEFAULT_LEVER_SET, LEVER_SETS, leverSummary } from './training-levers';

describe('LEVER_SETS', () => {
  it("starts with Teachable Machine's recipe, and the set marked default is the app's default", () => {
    expect(LEVER_SETS[0]).toEqual({ name: 'teachable-machine-recipe', mirrorViews: false, finalFit: false });
    const { mirrorViews, finalFit } = DEFAULT_TRAINING_SETTINGS;
    expect(LEVER_SETS.find((set) => set.name === DEFAULT_LEVER_SET)).toEqual({ name: DEFAULT_LEVER_SET, mirrorViews, finalFit });
  });
});

describe('leverSummary', () => {
  it('puts each lever beside the recipe: accuracy in points, time as a ratio', () => {
    const summary = leverSummary([
      {
        lever: 'teachable-machine-recipe',
        line: { testAccuracy: 0.9, trainWallMs: 4000, embedAndTrainCpuMs: 6000, embedMs: 3000, trainMs: 800 },
      },
      { lever: 'final-fit', line: { testAccuracy: 0.925, trainWallMs: 7800, embedAndTrainCpuMs: 10800, embedMs: 5000, trainMs: 2600 } },
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
        lever: 'final-fit',
        appDefault: true,
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
    const [only] = leverSummary([{ lever: 'final-fit', line: { testAccuracy: 0.9, trainWallMs: 100 } }]);
    expect(only).toMatchObject({ pointsOverRecipe: null, timeOverRecipe: null, embedMs: null });
  });
});
