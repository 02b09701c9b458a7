import { useState } from 'react';
import { LabDisclosure } from './LabDisclosure';
import { useTranslation } from 'react-i18next';
import { runScenarioPreset, scenarioPerClass, type ScenarioOutcome } from '../../app/scenario-actions';
import { SCENARIO_PRESETS, type ScenarioPreset } from '../../ml/lab/scenario-presets';
import { selectLabBusy, useLabStore } from '../../state/lab-store';
import { useTrunkStore } from '../../state/trunk-store';
import { scenarioVerdictText } from './scenario-verdict';

type Experiment = ScenarioPreset['experiment'];
type CellState = { status: 'idle' } | { status: 'drawing'; done: number; total: number } | { status: 'running' } | ScenarioOutcome;

/** Full size, half, a tenth: a tenth is a few minutes on a laptop, full size can take much longer. */
const SCALES = [1, 0.5, 0.1] as const;

/**
 * The four scenarios of the lesson, one button each: the advised strategy raced against the
 * alternatives on data of that size and similarity, and whether the advice held on this run.
 */
export function ScenarioPresets() {
  const { t } = useTranslation('lab');
  const busy = useLabStore(selectLabBusy);
  const trunkReady = useTrunkStore((s) => s.status === 'ready');
  const [scale, setScale] = useState<number>(0.1);
  const [cells, setCells] = useState<Partial<Record<Experiment, CellState>>>({});
  const anyRunning = Object.values(cells).some((c) => c?.status === 'drawing' || c?.status === 'running');

  const run = async (preset: ScenarioPreset) => {
    const id = preset.experiment;
    setCells((c) => ({ ...c, [id]: { status: preset.data.kind === 'generated' ? 'drawing' : 'running', done: 0, total: 0 } as CellState }));
    const outcome = await runScenarioPreset(id, scale, (progress) => {
      setCells((c) => ({
        ...c,
        [id]: progress.done < progress.total ? { status: 'drawing', ...progress } : { status: 'running' },
      }));
    });
    setCells((c) => ({ ...c, [id]: outcome }));
  };

  return (
    <LabDisclosure title={t('scenarios.heading')} label={t('scenarios.label')} testId="scenario-presets" forceOpen={anyRunning}>
      <p className="muted">{t('scenarios.intro')}</p>
      <label>
        {t('scenarios.scale')}{' '}
        <select data-testid="scenario-scale" value={scale} disabled={anyRunning} onChange={(e) => setScale(Number(e.target.value))}>
          {SCALES.map((value) => (
            <option key={value} value={value}>
              {t(`scenarios.scales.${String(value).replace('.', '_') as '1' | '0_5' | '0_1'}`)}
            </option>
          ))}
        </select>
      </label>
      <div className="scenario-grid">
        {SCENARIO_PRESETS.map((preset) => {
          const cell = cells[preset.experiment] ?? { status: 'idle' };
          const data =
            preset.data.kind === 'generated'
              ? t('scenarios.dataGenerated', {
                  count: scenarioPerClass(preset, scale) * preset.classes,
                  perClass: scenarioPerClass(preset, scale),
                })
              : t('scenarios.dataPhotos');
          return (
            <article key={preset.experiment} className="scenario-cell" data-testid={`scenario-${preset.experiment}`}>
              <h4>{t(`scenarios.cells.${preset.experiment}.title`)}</h4>
              <p>{t(`scenarios.cells.${preset.experiment}.claim`)}</p>
              <p className="muted">{data}</p>
              <button
                type="button"
                data-testid={`scenario-run-${preset.experiment}`}
                disabled={busy || anyRunning || !trunkReady}
                onClick={() => void run(preset)}
              >
                {t('scenarios.run')}
              </button>
              <p data-testid={`scenario-status-${preset.experiment}`} data-status={cell.status} aria-live="polite">
                {cell.status === 'drawing' && t('scenarios.drawing', { done: cell.done, total: cell.total })}
                {cell.status === 'running' && t('scenarios.running')}
              </p>
              {cell.status === 'done' && (
                <p
                  className="scenario-verdict"
                  data-testid={`scenario-verdict-${preset.experiment}`}
                  data-held={String(cell.verdict.matchesAdvice)}
                >
                  {scenarioVerdictText(preset, cell.testAccuracy, cell.verdict)}
                </p>
              )}
              {cell.status === 'error' && (
                <p role="alert" className="error" data-testid={`scenario-error-${preset.experiment}`}>
                  {cell.message}
                </p>
              )}
            </article>
          );
        })}
      </div>
    </LabDisclosure>
  );
}
