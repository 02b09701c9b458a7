import { useTranslation } from 'react-i18next';
import type { ClassScores } from '../../ml/confusion';

const percent = (value: number | null) => (value === null ? '–' : `${Math.round(value * 100)}%`);

/** Precision and recall per class, with what each means in this set's words. */
export function ClassScoresTable({ scores, labels }: { scores: ClassScores[]; labels: string[] }) {
  const { t } = useTranslation('evaluation');
  return (
    <table className="scores-table" data-testid="class-scores">
      <thead>
        <tr>
          <th>{t('scores.class')}</th>
          <th title={t('scores.precisionHelp')}>{t('scores.precision')}</th>
          <th title={t('scores.recallHelp')}>{t('scores.recall')}</th>
          <th title={t('scores.imagesHelp')}>{t('scores.images')}</th>
        </tr>
      </thead>
      <tbody>
        {scores.map((s, i) => (
          <tr key={i} data-testid="class-score-row" data-precision={s.precision ?? ''} data-recall={s.recall ?? ''}>
            <td translate="no">{labels[i]}</td>
            <td>{percent(s.precision)}</td>
            <td>{percent(s.recall)}</td>
            <td>{s.support}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
