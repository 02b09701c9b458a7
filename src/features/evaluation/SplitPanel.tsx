import { classSplitCounts, effectiveTestFraction, MIN_CLASS_SIZE_FOR_TEST } from '../../ml/split';
import { useProjectStore } from '../../state/project-store';
import { selectIsBusy, useTrainingStore } from '../../state/training-store';

function ShareSlider({ label, value, testId, disabled, onChange }: { label: string; value: number; testId: string; disabled: boolean; onChange: (value: number) => void }) {
  return (
    <label className="share-slider">
      {label}: <strong>{Math.round(value * 100)}%</strong>
      <input type="range" min={0} max={0.5} step={0.05} value={value} disabled={disabled} data-testid={testId} onChange={(e) => onChange(Number(e.target.value))} />
    </label>
  );
}

/**
 * How the next run divides each class: training, validation (watched while training) and test
 * (never seen until the evaluation). The counts are what stratifiedSplit will do.
 */
export function SplitPanel() {
  const classes = useProjectStore((s) => s.classes);
  const valFraction = useTrainingStore((s) => s.settings.valFraction);
  const testFraction = useTrainingStore((s) => s.settings.testFraction);
  const updateSettings = useTrainingStore((s) => s.updateSettings);
  const busy = useTrainingStore(selectIsBusy);
  const sizes = classes.map((c) => c.imageIds.length);
  const testShare = effectiveTestFraction(sizes, testFraction);
  const rows = classes.map((c, i) => ({ id: c.id, label: c.label, size: sizes[i], ...classSplitCounts(sizes[i], valFraction, testShare) }));
  const total = rows.reduce((sum, r) => ({ size: sum.size + r.size, train: sum.train + r.train, val: sum.val + r.val, test: sum.test + r.test }), { size: 0, train: 0, val: 0, test: 0 });
  const smallest = rows.reduce<(typeof rows)[number] | null>((min, r) => (min === null || r.size < min.size ? r : min), null);

  let note: string;
  if (testFraction === 0) note = 'No test set: the evaluation will score the validation images, which you watch while tuning, so it may flatter the model.';
  else if (testShare === 0)
    note =
      `No test set yet: it is held out once every class has ${MIN_CLASS_SIZE_FOR_TEST} images` +
      (smallest ? ` ("${smallest.label}" has ${smallest.size})` : '') +
      '. Until then the evaluation scores the validation images, which may flatter the model.';
  else note = `${total.test} test images are kept aside: never trained on, never shown during training. The evaluation scores them.`;

  return (
    <section className="panel split-panel" aria-label="Splits">
      <h2>Training, validation and test images</h2>
      <div className="row">
        <ShareSlider label="Validation" value={valFraction} testId="split-val-share" disabled={busy} onChange={(value) => updateSettings({ valFraction: value })} />
        <ShareSlider label="Test" value={testFraction} testId="split-test-share" disabled={busy} onChange={(value) => updateSettings({ testFraction: value })} />
      </div>
      <table className="split-table" data-testid="split-table">
        <thead>
          <tr>
            <th>Class</th>
            <th>Images</th>
            <th>Train</th>
            <th>Validation</th>
            <th>Test</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id} data-testid="split-row" data-label={r.label} data-train={r.train} data-val={r.val} data-test={r.test}>
              <td>{r.label}</td>
              <td>{r.size}</td>
              <td>{r.train}</td>
              <td>{r.val}</td>
              <td>{r.test}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr data-testid="split-total" data-train={total.train} data-val={total.val} data-test={total.test}>
            <td>All</td>
            <td>{total.size}</td>
            <td>{total.train}</td>
            <td>{total.val}</td>
            <td>{total.test}</td>
          </tr>
        </tfoot>
      </table>
      <p className="muted" data-testid="split-note">
        {note} Each class is split on its own (stratified) with the seed from Advanced settings, so the same seed gives the same split.
      </p>
    </section>
  );
}
