import { describe, expect, it } from 'vitest';
import { judgeExperiment, SCENARIO_PRESETS } from '../../ml/lab/scenario-presets';
import { scenarioVerdictText } from './scenario-verdict';

const smallDissimilar = SCENARIO_PRESETS.find((p) => p.experiment === 'small-dissimilar')!;

describe('the scenario verdict', () => {
  it("says the advice held and quotes every strategy's test score", () => {
    const scores = { 'feature-extraction': 0.5, 'fine-tune': 0.75, scratch: 0.625 };
    const text = scenarioVerdictText(smallDissimilar, scores, judgeExperiment('fine-tune', scores));
    expect(text).toMatch(/^The advice held/);
    for (const score of ['75%', '50%', '63%']) expect(text).toContain(score);
  });

  it('says the advice did not hold, naming the winner and both scores', () => {
    const scores = { 'feature-extraction': 0.9, 'fine-tune': 0.6, scratch: 0.4 };
    const text = scenarioVerdictText(smallDissimilar, scores, judgeExperiment('fine-tune', scores));
    expect(text).toMatch(/^The advice did not hold this time: Feature extraction got 90%/);
    expect(text).toContain('only 60%');
  });

  it('gives no verdict when the advised strategy did not finish', () => {
    const scores = { 'feature-extraction': 0.9 };
    expect(scenarioVerdictText(smallDissimilar, scores, judgeExperiment('fine-tune', scores))).toMatch(/did not finish/);
  });
});
