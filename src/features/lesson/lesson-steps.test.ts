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

  it("quote your own model's score and the three-way race", () => {
    const develop = LESSON_STEPS.find((s) => s.id === 'develop-model')!;
    expect(develop.strategies).toEqual(['feature-extraction', 'source-features', 'scratch']);
    const none = { start: null, slope: null, asymptote: null };
    const run = (own: number, scratch: number) =>
      develop.notice(
        {
          'feature-extraction': { ...none, testAccuracy: 0.62 },
          'source-features': { ...none, testAccuracy: own },
          scratch: { ...none, testAccuracy: scratch },
        },
        { sourceModel: { sourceName: 'Ten shapes', validationAccuracy: 0.737 } },
      );
    expect(run(0.42, 0.24)).toBe(
      'Your own model learnt “Ten shapes” and got 74% of its own validation pictures right. Reused on these pictures with its layers frozen, ' +
        'it scored 42% on the test pictures; the ImageNet model scored 62% and the network that started from nothing 24%. ' +
        'Knowing shapes gave your own model a head start over starting from nothing.',
    );
    expect(run(0.3, 0.3)).toContain('scored the same');
    expect(run(0.2, 0.3)).toContain('did not beat starting from nothing');
  });
});
