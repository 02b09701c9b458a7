import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { runComparison } from '../../app/lab-actions';
import { trainOwnSourceModel } from '../../app/source-model-actions';
import { selectChosenSourceTrunk, selectSourceTrainingBusy, useSourceModelStore } from '../../state/source-model-store';
import type { StrategyId } from '../../ml/lab/lab-types';
import { meanTransferBenefits } from '../../ml/lab/transfer-benefits';
import { selectLabBusy, useLabStore } from '../../state/lab-store';
import { useTrunkStore } from '../../state/trunk-store';
import { LESSON_STEPS, type LessonContext, type Outcomes } from './lesson-steps';

/** The source task the develop-model step trains on when no model of your own is chosen yet. */
const LESSON_SOURCE_SET = 'shapes-source';
import './lesson.css';

type StepStatus = 'idle' | 'running' | 'done' | 'error';

/**
 * The finished comparison's numbers for `strategies` (means over seeds). Test accuracy comes from
 * the comparison's summary, which the worker returns with the run; the per-seed events travel
 * separately and the last one may not have reached the store yet.
 */
function readOutcomes(strategies: StrategyId[]): Outcomes {
  const { runs, comparison, summary } = useLabStore.getState();
  const outcomes: Outcomes = {};
  for (const strategy of strategies) {
    const run = runs[strategy];
    if (!run || run.runId !== comparison.runId) continue;
    const promises = meanTransferBenefits(run.seeds.map((s) => s.epochs));
    const tests = (summary?.runId === comparison.runId ? summary.seeds : [])
      .filter((s) => s.strategy === strategy)
      .map((s) => s.testAccuracy)
      .filter((t): t is number => t !== null);
    outcomes[strategy] = {
      start: promises?.start ?? null,
      slope: promises?.slope ?? null,
      asymptote: promises?.asymptote ?? null,
      testAccuracy: tests.length > 0 ? tests.reduce((a, b) => a + b, 0) / tests.length : null,
    };
  }
  return outcomes;
}

/** true once every finished seed's last epoch has reached the store (epoch events travel apart from the run's reply). */
function curvesComplete(strategies: StrategyId[]): boolean {
  const { runs, comparison, summary } = useLabStore.getState();
  if (!summary || summary.runId !== comparison.runId) return false;
  return strategies.every((strategy) => {
    const run = runs[strategy];
    if (!run || run.runId !== comparison.runId) return false;
    return summary.seeds
      .filter((s) => s.strategy === strategy && !s.stoppedEarly)
      .every((finished) => run.seeds.find((seed) => seed.seed === finished.seed)?.epochs.at(-1)?.epoch === run.epochBudget);
  });
}

/** Resolves when the curves are complete, or after `capMs` (then the notice shows what arrived). */
function curvesArrived(strategies: StrategyId[], capMs = 10_000): Promise<void> {
  return new Promise((resolve) => {
    if (curvesComplete(strategies)) return resolve();
    const timer = setTimeout(done, capMs);
    const unsubscribe = useLabStore.subscribe(() => {
      if (curvesComplete(strategies)) done();
    });
    function done() {
      clearTimeout(timer);
      unsubscribe();
      resolve();
    }
  });
}

/**
 * Six short steps, each a real run of the lab on the open project (a sample project or the
 * class's own photos), each ending with what to notice, written from that run's numbers.
 */
export function GuidedLesson() {
  const { t } = useTranslation('lesson');
  const [index, setIndex] = useState(0);
  const [results, setResults] = useState<Record<string, { status: StepStatus; text: string }>>({});
  const labBusy = useLabStore(selectLabBusy);
  const sourceTraining = useSourceModelStore(selectSourceTrainingBusy);
  const busy = labBusy || sourceTraining;
  const trunkReady = useTrunkStore((s) => s.status === 'ready');
  const step = LESSON_STEPS[index];
  const result = results[step.id] ?? { status: 'idle' as StepStatus, text: '' };

  const run = async () => {
    const id = step.id;
    setResults((r) => ({ ...r, [id]: { status: 'running', text: '' } }));
    if (step.fineTuneBlocks !== undefined) {
      const units = useLabStore.getState().blocks?.unitNames.length ?? step.fineTuneBlocks;
      useLabStore.getState().updateSettings({ fineTuneBlocks: Math.min(step.fineTuneBlocks, units) });
    }
    if (step.needsSourceModel && !selectChosenSourceTrunk(useSourceModelStore.getState())) {
      setResults((r) => ({ ...r, [id]: { status: 'running', text: t('steps.develop-model.trainingSource') } }));
      await trainOwnSourceModel({ kind: 'sample', sampleSetId: LESSON_SOURCE_SET });
      const { training } = useSourceModelStore.getState();
      if (training.status !== 'done') {
        setResults((r) => ({ ...r, [id]: { status: 'error', text: training.message ?? t('runEnded', { status: training.status }) } }));
        return;
      }
      setResults((r) => ({ ...r, [id]: { status: 'running', text: '' } }));
    }
    await runComparison(step.strategies);
    const { comparison } = useLabStore.getState();
    if (comparison.status !== 'done') {
      setResults((r) => ({ ...r, [id]: { status: 'error', text: comparison.message ?? t('runEnded', { status: comparison.status }) } }));
      return;
    }
    await curvesArrived(step.strategies);
    const own = selectChosenSourceTrunk(useSourceModelStore.getState());
    const context: LessonContext = { sourceModel: own ? { sourceName: own.sourceName, validationAccuracy: own.validationAccuracy } : null };
    setResults((r) => ({ ...r, [id]: { status: 'done', text: step.notice(readOutcomes(step.strategies), context) } }));
  };

  return (
    <section className="panel guided-lesson" aria-label={t('panelLabel')} data-testid="lesson-panel">
      <h2>{t('heading', { count: LESSON_STEPS.length })}</h2>
      <p className="muted">{t('intro')}</p>
      <article className="lesson-step" data-testid="lesson-step" data-step={step.id}>
        <h3>{step.title}</h3>
        <p>{step.explain}</p>
        <button type="button" className="primary" data-testid="lesson-run" disabled={busy || !trunkReady} onClick={() => void run()}>
          {t('runStep')}
        </button>
        <p data-testid="lesson-status" data-status={result.status} aria-live="polite">
          {result.status === 'running' && (result.text || t('training'))}
        </p>
        {result.status === 'done' && (
          <p className="lesson-notice" data-testid="lesson-notice">
            <strong>{t('notice')}</strong>
            {result.text}
          </p>
        )}
        {result.status === 'error' && (
          <p role="alert" className="error" data-testid="lesson-error">
            {result.text}
          </p>
        )}
      </article>
      <div className="row">
        <button type="button" data-testid="lesson-back" disabled={index === 0} onClick={() => setIndex(index - 1)}>
          {t('back')}
        </button>
        <span className="muted">{t('stepOf', { step: index + 1, count: LESSON_STEPS.length })}</span>
        <button type="button" data-testid="lesson-next" disabled={index === LESSON_STEPS.length - 1} onClick={() => setIndex(index + 1)}>
          {t('next')}
        </button>
      </div>
    </section>
  );
}
