import { describe, expect, it } from 'vitest';
import { adviseScenario, LARGE_DATASET_PER_CLASS } from './advisor';
import { HIGH_SIMILARITY } from './similarity';

describe('the scenario advisor', () => {
  const small = LARGE_DATASET_PER_CLASS - 70;
  const large = LARGE_DATASET_PER_CLASS + 50;
  const high = HIGH_SIMILARITY + 0.3;
  const low = HIGH_SIMILARITY - 0.3;

  it('recommends the classic recipe for each of the four scenarios', () => {
    expect(adviseScenario({ imagesPerClass: small, similarity: high })).toMatchObject({
      size: 'small',
      similarity: 'high',
      recommendation: 'freeze',
      strategy: 'feature-extraction',
    });
    expect(adviseScenario({ imagesPerClass: small, similarity: low })).toMatchObject({
      size: 'small',
      similarity: 'low',
      recommendation: 'fine-tune-top',
      strategy: 'fine-tune',
    });
    expect(adviseScenario({ imagesPerClass: large, similarity: high })).toMatchObject({
      size: 'large',
      similarity: 'high',
      recommendation: 'full-fine-tune',
      strategy: 'fine-tune',
      fineTuneBlocks: 'all',
    });
    expect(adviseScenario({ imagesPerClass: large, similarity: low })).toMatchObject({
      size: 'large',
      similarity: 'low',
      recommendation: 'from-scratch',
      strategy: 'random-weights',
    });
  });

  it('puts the thresholds on the large and similar side', () => {
    expect(adviseScenario({ imagesPerClass: LARGE_DATASET_PER_CLASS, similarity: HIGH_SIMILARITY })).toMatchObject({
      size: 'large',
      similarity: 'high',
    });
  });

  it('explains itself in two sentences that quote the measurements', () => {
    const advice = adviseScenario({ imagesPerClass: 30, similarity: 0.71 });
    expect(advice.why.match(/[.!?](\s|$)/g)).toHaveLength(2);
    expect(advice.why).toContain('30 images per class');
    expect(advice.why).toContain('0.71');
  });
});
