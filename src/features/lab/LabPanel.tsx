import { Trans, useTranslation } from 'react-i18next';
import { runComparison, stopLab } from '../../app/lab-actions';
import { selectLabBusy, useLabStore } from '../../state/lab-store';
import { useTrunkStore } from '../../state/trunk-store';
import { ComparisonChart } from './ComparisonChart';
import { DataSizeChart } from './DataSizeChart';
import { LabSettingsForm } from './LabSettingsForm';
import { BenefitsTable } from './BenefitsTable';
import { ScenarioAdvisor } from './ScenarioAdvisor';
import { ScenarioPresets } from './ScenarioPresets';
import { StrategyPicker } from './StrategyPicker';
import { SourceModelPanel } from './SourceModelPanel';
import { selectSourceTrainingBusy, useSourceModelStore } from '../../state/source-model-store';
import './lab.css';

function ComparisonStatus() {
  const { t } = useTranslation('lab');
  const comparison = useLabStore((s) => s.comparison);
  const prepared = useLabStore((s) => s.prepared);
  const runs = useLabStore((s) => s.runs);
  const summary = useLabStore((s) => s.summary);
  const seedsTotal = useLabStore((s) => s.settings.seeds);
  let text = t('status.idle');
  if (comparison.status === 'preparing') text = t('status.preparing', { done: prepared.done, total: prepared.total });
  if (comparison.status === 'running') {
    const active = Object.values(runs).filter((run) => run?.runId === comparison.runId);
    const current = active.find((run) => run && run.seeds.filter((s) => s.finished).length < seedsTotal);
    const latest = current?.seeds.at(-1);
    text = current
      ? t('status.training', {
          strategy: current.strategy,
          seed: current.seeds.length,
          seeds: seedsTotal,
          epoch: latest?.epochs.at(-1)?.epoch ?? 0,
          epochs: current.epochBudget,
        })
      : t('status.trainingPlain');
  }
  if (comparison.status === 'done' && summary) {
    text = t('status.done', {
      seconds: (summary.wallMs / 1000).toFixed(0),
      train: summary.trainCount,
      val: summary.valCount,
      test: summary.testCount,
    });
  }
  if (comparison.status === 'stopped') text = comparison.message ?? t('status.stopped');
  return (
    <>
      <p data-testid="lab-status" data-status={comparison.status} aria-live="polite">
        {text}
      </p>
      {comparison.status === 'preparing' && <progress max={Math.max(1, prepared.total)} value={prepared.done} />}
      {comparison.status === 'error' && comparison.message && (
        <p role="alert" className="error" data-testid="lab-error">
          {comparison.message}
        </p>
      )}
    </>
  );
}

/** Transfer vs scratch, side by side on the user's own photos. */
export function LabPanel() {
  const { t } = useTranslation('lab');
  const labBusy = useLabStore(selectLabBusy);
  // Your own source model trains in the same worker: one task at a time.
  const sourceTraining = useSourceModelStore(selectSourceTrainingBusy);
  const busy = labBusy || sourceTraining;
  const trunkReady = useTrunkStore((s) => s.status === 'ready');
  const selected = useLabStore((s) => s.selected);
  return (
    <section className="panel lab-panel" aria-label={t('panelLabel')} data-testid="lab-panel">
      <h2>{t('heading')}</h2>
      <p className="muted lab-explain">
        <Trans t={t} i18nKey="intro" components={{ b: <strong />, i: <em /> }} />
      </p>
      <SourceModelPanel />
      <div className="lab-controls">
        <StrategyPicker disabled={busy} />
        <LabSettingsForm disabled={busy} />
      </div>
      <div className="row">
        <button
          type="button"
          className="primary"
          data-testid="lab-run"
          disabled={busy || !trunkReady || selected.length === 0}
          onClick={() => void runComparison()}
        >
          {t('run')}
        </button>
        <button type="button" data-testid="lab-stop" disabled={!labBusy} onClick={() => void stopLab()}>
          {t('stop')}
        </button>
      </div>
      <ComparisonStatus />
      <ComparisonChart />
      <BenefitsTable />
      <p className="muted lab-explain">{t('whyCurves')}</p>
      <DataSizeChart />
      <ScenarioAdvisor />
      <ScenarioPresets />
    </section>
  );
}
