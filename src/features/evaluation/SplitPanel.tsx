import { Trans, useTranslation } from 'react-i18next';
import { classSplitCounts, effectiveTestFraction, MIN_CLASS_SIZE_FOR_TEST } from '../../ml/split';
import { useProjectStore } from '../../state/project-store';
import { selectIsBusy, useTrainingStore } from '../../state/training-store';

function ShareSlider({
  label,
  value,
  testId,
  disabled,
  onChange,
}: {
  label: string;
  value: number;
  testId: string;
  disabled: boolean;
  onChange: (value: number) => void;
}) {
  return (
    <label className="share-slider">
      <Trans
        ns="evaluation"
        i18nKey="split.share"
        values={{ label, percent: Math.round(value * 100) }}
        components={[<strong key="share" />]}
      />
      <input
        type="range"
        min={0}
        max={0.5}
        step={0.05}
        value={value}
        disabled={disabled}
        data-testid={testId}
        onChange={(e) => onChange(Number(e.target.value))}
      />
    </label>
  );
}

/**
 * How the next run divides each class: training, validation (watched while training) and test
 * (never seen until the evaluation). The counts are what stratifiedSplit will do.
 */
export function SplitPanel() {
  const { t } = useTranslation('evaluation');
  const classes = useProjectStore((s) => s.classes);
  const valFraction = useTrainingStore((s) => s.settings.valFraction);
  const testFraction = useTrainingStore((s) => s.settings.testFraction);
  const updateSettings = useTrainingStore((s) => s.updateSettings);
  const busy = useTrainingStore(selectIsBusy);
  const sizes = classes.map((c) => c.imageIds.length);
  const testShare = effectiveTestFraction(sizes, testFraction);
  const rows = classes.map((c, i) => ({ id: c.id, label: c.label, size: sizes[i], ...classSplitCounts(sizes[i], valFraction, testShare) }));
  const total = rows.reduce(
    (sum, r) => ({ size: sum.size + r.size, train: sum.train + r.train, val: sum.val + r.val, test: sum.test + r.test }),
    { size: 0, train: 0, val: 0, test: 0 },
  );
  const smallest = rows.reduce<(typeof rows)[number] | null>((min, r) => (min === null || r.size < min.size ? r : min), null);

  let note: string;
  if (testFraction === 0) note = t('split.noTest');
  else if (testShare === 0)
    note = smallest
      ? t('split.noTestYetSmallest', { min: MIN_CLASS_SIZE_FOR_TEST, label: smallest.label, size: smallest.size })
      : t('split.noTestYet', { min: MIN_CLASS_SIZE_FOR_TEST });
  else note = t('split.testKept', { count: total.test });

  return (
    <section className="panel split-panel" aria-label={t('split.label')}>
      <h2>{t('split.title')}</h2>
      <div className="row">
        <ShareSlider
          label={t('split.validation')}
          value={valFraction}
          testId="split-val-share"
          disabled={busy}
          onChange={(value) => updateSettings({ valFraction: value })}
        />
        <ShareSlider
          label={t('split.test')}
          value={testFraction}
          testId="split-test-share"
          disabled={busy}
          onChange={(value) => updateSettings({ testFraction: value })}
        />
      </div>
      <table className="split-table" data-testid="split-table">
        <thead>
          <tr>
            <th>{t('split.class')}</th>
            <th>{t('split.images')}</th>
            <th>{t('split.train')}</th>
            <th>{t('split.validation')}</th>
            <th>{t('split.test')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id} data-testid="split-row" data-label={r.label} data-train={r.train} data-val={r.val} data-test={r.test}>
              <td translate="no">{r.label}</td>
              <td>{r.size}</td>
              <td>{r.train}</td>
              <td>{r.val}</td>
              <td>{r.test}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr data-testid="split-total" data-train={total.train} data-val={total.val} data-test={total.test}>
            <td>{t('split.all')}</td>
            <td>{total.size}</td>
            <td>{total.train}</td>
            <td>{total.val}</td>
            <td>{total.test}</td>
          </tr>
        </tfoot>
      </table>
      <p className="muted" data-testid="split-note">
        {note} {t('split.seed')}
      </p>
    </section>
  );
}
