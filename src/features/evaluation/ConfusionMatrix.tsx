import { useTranslation } from 'react-i18next';
import type { ConfusionMatrix as Matrix } from '../../ml/confusion';
import type { MatrixCell } from '../../state/evaluation-store';

/** Rows: true class; columns: predicted class. Each cell is a button that opens its images. */
export function ConfusionMatrix({
  matrix,
  labels,
  selected,
  onSelect,
}: {
  matrix: Matrix;
  labels: string[];
  selected: MatrixCell | null;
  onSelect: (cell: MatrixCell) => void;
}) {
  const { t: tr } = useTranslation('evaluation');
  const total = matrix.reduce((sum, row) => sum + row.reduce((s, count) => s + count, 0), 0);
  return (
    <div className="matrix-wrap">
      <table className="confusion-matrix" data-testid="confusion-matrix" data-total={total}>
        <thead>
          <tr>
            <th className="corner">{tr('matrix.corner')}</th>
            {labels.map((label, p) => (
              <th key={p} scope="col" translate="no">
                {label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {matrix.map((row, t) => {
            const rowTotal = row.reduce((sum, count) => sum + count, 0);
            return (
              <tr key={t}>
                <th scope="row" translate="no">
                  {labels[t]}
                </th>
                {row.map((count, p) => {
                  const share = rowTotal > 0 ? count / rowTotal : 0;
                  const isSelected = selected?.trueClass === t && selected.predictedClass === p;
                  const hue = t === p ? '22, 163, 74' : '220, 38, 38';
                  return (
                    <td key={p}>
                      <button
                        type="button"
                        className={`matrix-cell ${t === p ? 'correct' : 'wrong'}${isSelected ? ' selected' : ''}`}
                        data-testid="confusion-cell"
                        data-true={t}
                        data-predicted={p}
                        data-count={count}
                        aria-pressed={isSelected}
                        aria-label={tr('matrix.cell', { count, trueLabel: labels[t], predictedLabel: labels[p] })}
                        disabled={count === 0}
                        style={{ background: count > 0 ? `rgba(${hue}, ${0.12 + 0.6 * share})` : undefined }}
                        onClick={() => onSelect({ trueClass: t, predictedClass: p })}
                      >
                        {count}
                      </button>
                    </td>
                  );
                })}
              </tr>
            );
          })}
        </tbody>
      </table>
      <p className="muted matrix-key">{tr('matrix.key')}</p>
    </div>
  );
}
