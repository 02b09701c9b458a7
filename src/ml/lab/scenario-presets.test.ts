import { describe, expect, it } from 'vitest';
import { SAMPLE_TASKS } from '../samples/tasks';
import { judgeExperiment, SCENARIO_PRESETS } from './scenario-presets';

describe('scenario presets', () => {
  it('cover the four cells once, each racing its advice against at least one alternative', () => {
    const cells = SCENARIO_PRESETS.map((p) => `${p.size}-${p.similarity}`);
    expect(new Set(cells)).toEqual(new Set(['small-similar', 'small-dissimilar', 'large-dissimilar', 'large-similar']));
    for (const preset of SCENARIO_PRESETS) {
      expect(preset.experiment).toBe(`${preset.size}-${preset.similarity}`);
      expect(preset.strategies).toContain(preset.advice);
      expect(preset.strategies.length).toBeGreaterThan(1);
      if (preset.data.kind === 'generated') {
        const task = SAMPLE_TASKS.find((t) => t.id === (preset.data as { taskId: string }).taskId);
        expect(task?.classes.length).toBeGreaterThanOrEqual(preset.classes);
      }
    }
  });

  it('judge the advice: a tie goes to the advice, a better alternative wins', () => {
    expect(judgeExperiment('feature-extraction', { 'feature-extraction': 1, 'fine-tune': 1, scratch: 0.5 })).toEqual({
      winner: 'feature-extraction',
      matchesAdvice: true,
    });
    expect(judgeExperiment('scratch', { 'feature-extraction': 0.9, scratch: 0.6 })).toEqual({
      winner: 'feature-extraction',
      matchesAdvice: false,
    });
    expect(judgeExperiment('fine-tune', { 'feature-extraction': 0.5 })).toEqual({ winner: 'feature-extraction', matchesAdvice: false });
    expect(() => judgeExperiment('scratch', {})).toThrow(/nothing to judge/);
  });
});
