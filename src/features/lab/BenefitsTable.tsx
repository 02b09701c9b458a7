import { useTranslation } from 'react-i18next';
import { t as translate } from '../../lib/i18n';
import { BASELINE_STRATEGY, STRATEGY_IDS, type StrategyId } from '../../ml/lab/lab-types';
import { meanOf, transferBenefitsOfRun, useLabStore, type StrategyRun } from '../../state/lab-store';
import { percent, seconds, STRATEGY_INFO } from './strategy-info';

function delta(value: number | null, baseline: number | null, scale = 100): string | null {
  if (value === null || baseline === null) return null;
  const difference = (value - baseline) * scale;
  return `${difference >= 0 ? '+' : '−'}${translate('lab:units.points', { value: Math.abs(difference).toFixed(1) })}`;
}

function Cell({ testId, value, versus }: { testId: string; value: string; versus: string | null }) {
  return (
    <td data-testid={testId}>
      <span className="lab-value">{value}</span>
      {versus && <span className="lab-delta">{versus}</span>}
    </td>
  );
}

interface RowValues {
  start: number | null;
  slope: number | null;
  asymptote: number | null;
  test: number | null;
  wall: number | null;
  seedsDone: number;
}

function valuesOf(run: StrategyRun | undefined): RowValues | null {
  if (!run) return null;
  const promises = transferBenefitsOfRun(run);
  return {
    start: promises?.start ?? null,
    slope: promises?.slope ?? null,
    asymptote: promises?.asymptote ?? null,
    test: meanOf(run.seeds.map((s) => s.testAccuracy)),
    wall: meanOf(run.seeds.map((s) => s.wallMs)),
    seedsDone: run.seeds.filter((s) => s.finished).length,
  };
}

/** Each strategy's three promises, test accuracy and time, with its difference from the scratch baseline. */
export function BenefitsTable() {
  const { t } = useTranslation('lab');
  const runs = useLabStore((s) => s.runs);
  const present = STRATEGY_IDS.filter((id) => runs[id]);
  if (present.length === 0) return null;
  const baseline = valuesOf(runs[BASELINE_STRATEGY]);
  const versus = (id: StrategyId) => id !== BASELINE_STRATEGY && baseline !== null;
  return (
    <div className="lab-table-wrap">
      <table className="lab-table" data-testid="lab-table">
        <thead>
          <tr>
            <th>{t('table.strategy')}</th>
            <th title={t('table.startTitle')}>{t('table.start')}</th>
            <th title={t('table.slopeTitle')}>{t('table.slope')}</th>
            <th title={t('table.asymptoteTitle')}>{t('table.asymptote')}</th>
            <th title={t('table.testTitle')}>{t('table.test')}</th>
            <th title={t('table.wallTitle')}>{t('table.wall')}</th>
          </tr>
        </thead>
        <tbody>
          {present.map((id) => {
            const run = runs[id] as StrategyRun;
            const values = valuesOf(run) as RowValues;
            const compare = versus(id);
            return (
              <tr key={id} data-testid={`lab-row-${id}`} data-seeds-done={values.seedsDone}>
                <th scope="row">
                  <span className="lab-swatch" style={{ background: STRATEGY_INFO[id].color }} />
                  {STRATEGY_INFO[id].label}
                  <span className="muted lab-note">
                    {t('table.note', { note: run.note, done: values.seedsDone, total: run.seeds.length || '…' })}
                  </span>
                </th>
                <Cell
                  testId={`lab-start-${id}`}
                  value={percent(values.start)}
                  versus={compare ? delta(values.start, baseline!.start) : null}
                />
                <Cell
                  testId={`lab-slope-${id}`}
                  value={values.slope === null ? '–' : t('units.points', { value: (values.slope * 100).toFixed(1) })}
                  versus={compare ? delta(values.slope, baseline!.slope) : null}
                />
                <Cell
                  testId={`lab-asymptote-${id}`}
                  value={percent(values.asymptote)}
                  versus={compare ? delta(values.asymptote, baseline!.asymptote) : null}
                />
                <Cell testId={`lab-test-${id}`} value={percent(values.test)} versus={compare ? delta(values.test, baseline!.test) : null} />
                <Cell
                  testId={`lab-wall-${id}`}
                  value={seconds(values.wall)}
                  versus={
                    compare && values.wall !== null && baseline!.wall
                      ? t('units.timesScratch', { value: (values.wall / baseline!.wall).toFixed(1) })
                      : null
                  }
                />
              </tr>
            );
          })}
        </tbody>
      </table>
      <p className="muted lab-explain">{t('table.explain')}</p>
    </div>
  );
}
