import type { ClassScores } from '../../ml/confusion';

const percent = (value: number | null) => (value === null ? '–' : `${Math.round(value * 100)}%`);

/** Precision and recall per class, with what each means in this set's words. */
export function ClassScoresTable({ scores, labels }: { scores: ClassScores[]; labels: string[] }) {
  return (
    <table className="scores-table" data-testid="class-scores">
      <thead>
        <tr>
          <th>Class</th>
          <th title="Of the images predicted as this class, the share that really are">Precision</th>
          <th title="Of the images of this class, the share the model found">Recall</th>
          <th title="Images of this class in the scored set">Images</th>
        </tr>
      </thead>
      <tbody>
        {scores.map((s, i) => (
          <tr key={i} data-testid="class-score-row" data-precision={s.precision ?? ''} data-recall={s.recall ?? ''}>
            <td>{labels[i]}</td>
            <td>{percent(s.precision)}</td>
            <td>{percent(s.recall)}</td>
            <td>{s.support}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
