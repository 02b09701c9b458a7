// A scenario preset's one click (src/ml/lab/scenario-presets.ts): get the data of that cell, race
// the advised strategy against the alternatives with the lab's own comparison, and judge whether
// the advice held. Dissimilar cells generate their pictures as a new project (no photo of the
// class is needed); similar cells need photos like ImageNet's, so they run on the open project.
import { errorMessage } from '../lib/error-message';
import { t } from '../lib/i18n';
import type { StrategyId } from '../ml/lab/lab-types';
import { judgeExperiment, SCENARIO_PRESETS, type ScenarioPreset, type Verdict } from '../ml/lab/scenario-presets';
import type { SampleSet } from '../ml/samples/sample-sets';
import { SAMPLE_TASKS } from '../ml/samples/tasks';
import { useLabStore } from '../state/lab-store';
import { runComparison } from './lab-actions';
import { openGeneratedProject, type SampleProgress } from './sample-project-actions';

/** The bench's floor (scripts/bench/lesson.ts): every class needs training, validation and test pictures. */
export const MIN_SCENARIO_PER_CLASS = 8;

export type ScenarioOutcome =
  | { status: 'done'; testAccuracy: Partial<Record<StrategyId, number>>; verdict: Verdict }
  | { status: 'error'; message: string };

/** Pictures per class a preset generates at `scale` (1 = the preset's full size). */
export function scenarioPerClass(preset: ScenarioPreset, scale: number): number {
  return Math.max(MIN_SCENARIO_PER_CLASS, Math.round(preset.perClass * scale));
}

/** The generated sample set a dissimilar preset opens at `scale`; null for a cell that needs photos. */
export function scenarioSampleSet(preset: ScenarioPreset, scale: number): SampleSet | null {
  if (preset.data.kind !== 'generated') return null;
  const taskId = preset.data.taskId;
  const task = SAMPLE_TASKS.find((candidate) => candidate.id === taskId);
  if (!task) throw new Error(t('notices:noSuchSampleProject', { id: taskId }));
  const perClass = scenarioPerClass(preset, scale);
  const title = t('lab:scenarios.projectTitle', { cell: t(`lab:scenarios.cells.${preset.experiment}.title`), perClass });
  return { id: `scenario-${preset.experiment}`, title, description: title, task, perClass, role: 'far' };
}

/** Mean test accuracy per strategy over the finished seeds of the comparison just run. */
function testMeans(strategies: StrategyId[]): Partial<Record<StrategyId, number>> {
  const { summary, comparison } = useLabStore.getState();
  const means: Partial<Record<StrategyId, number>> = {};
  if (!summary || summary.runId !== comparison.runId) return means;
  for (const strategy of strategies) {
    const tests = summary.seeds.filter((s) => s.strategy === strategy && s.testAccuracy !== null).map((s) => s.testAccuracy as number);
    if (tests.length > 0) means[strategy] = tests.reduce((a, b) => a + b, 0) / tests.length;
  }
  return means;
}

export async function runScenarioPreset(
  experiment: ScenarioPreset['experiment'],
  scale: number,
  onProgress: (progress: SampleProgress) => void = () => {},
): Promise<ScenarioOutcome> {
  const preset = SCENARIO_PRESETS.find((p) => p.experiment === experiment);
  if (!preset) return { status: 'error', message: t('lab:scenarios.unknown', { experiment }) };
  try {
    const set = scenarioSampleSet(preset, scale);
    if (set) {
      const { added } = await openGeneratedProject(set, onProgress);
      if (added < set.perClass * preset.classes)
        throw new Error(t('lab:scenarios.notAllAdded', { added, total: set.perClass * preset.classes }));
    }
    const available = useLabStore.getState().blocks?.unitNames.length ?? preset.fineTuneBlocks;
    useLabStore.getState().updateSettings({ fineTuneBlocks: Math.min(preset.fineTuneBlocks, available) });
    await runComparison(preset.strategies);
    const { comparison } = useLabStore.getState();
    if (comparison.status !== 'done')
      return { status: 'error', message: comparison.message ?? t('lab:scenarios.ended', { status: comparison.status }) };
    const testAccuracy = testMeans(preset.strategies);
    return { status: 'done', testAccuracy, verdict: judgeExperiment(preset.advice, testAccuracy) };
  } catch (error) {
    return { status: 'error', message: errorMessage(error) };
  }
}
