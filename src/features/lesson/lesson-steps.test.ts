import { describe, expect, it } from 'vitest';
import { LESSON_STEPS } from './lesson-steps';

describe("the guided lesson's steps", () => {
  it("quote the run's own numbers", () => {
    const second = LESSON_STEPS.find((s) => s.id === 'feature-extraction')!;
    expect(
      second.notice({
        'feature-extraction': { start: 0.874, slope: 0.1, asymptote: 1, testAccuracy: 0.95 },
        scratch: { start: 0.333, slope: 0.02, asymptote: 0.5, testAccuracy: 0.41 },
      }),
    ).toBe('Feature extraction started at 87%, scratch at 33%. On the test pictures: feature extraction 95%, scratch 41%.');
    const benefits = LESSON_STEPS.find((s) => s.id === 'three-benefits')!;
    expect(
      benefits.notice({
        'feature-extraction': { start: 0.9, slope: 0.152, asymptote: 1, testAccuracy: 1 },
        scratch: { start: 0.28, slope: 0.051, asymptote: 0.459, testAccuracy: 0.5 },
      }),
    ).toContain('Slope: +15.2 points against +5.1 points per epoch');
  });

  it('say what the freezing run showed, whichever way it went', () => {
    const freeze = LESSON_STEPS.find((s) => s.id === 'freeze-k')!;
    const run = (ft: number, fe: number) =>
      freeze.notice({
        'fine-tune': { start: null, slope: null, asymptote: null, testAccuracy: ft },
        'feature-extraction': { start: null, slope: null, asymptote: null, testAccuracy: fe },
      });
    expect(run(0.8, 0.6)).toContain('helped');
    expect(run(0.6, 0.6)).toContain('no difference');
    expect(run(0.5, 0.6)).toContain('did worse');
  });

  it('name the winner of the scenario run', () => {
    const scenarios = LESSON_STEPS.find((s) => s.id === 'scenarios')!;
    const none = { start: null, slope: null, asymptote: null };
    expect(
      scenarios.notice({
        'feature-extraction': { ...none, testAccuracy: 0.5 },
        'fine-tune': { ...none, testAccuracy: 0.7 },
        scratch: { ...none, testAccuracy: 0.6 },
      }),
    ).toMatch(/^On these pictures retraining the top layers won with 70%/);
  });
});
