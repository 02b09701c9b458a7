import { useTranslation } from 'react-i18next';
import type { ConsumerComparison, ProbabilityDifference } from '../../ml/export-kinds';

function Row({ tool, difference }: { tool: string; difference: ProbabilityDifference }) {
  const { t } = useTranslation('export');
  return (
    <tr>
      <td>{tool}</td>
      <td>{difference.maxAbsDifference.toFixed(4)}</td>
      <td>{difference.meanAbsDifference.toFixed(4)}</td>
      <td>{t('consumers.sameOf', { same: difference.sameTopClass, total: difference.imageCount })}</td>
    </tr>
  );
}

/** After an export: what other tools' preprocessing does to this model (also in the README). */
const INTRO_KEYS = { all: 'consumers.introAll', validation: 'consumers.introValidation', test: 'consumers.introTest' } as const;

export function ConsumerSummary({ consumers }: { consumers: ConsumerComparison | null }) {
  const { t } = useTranslation('export');
  if (!consumers) {
    return (
      <p className="muted" data-testid="export-done">
        {t('consumers.noImages')}
      </p>
    );
  }
  return (
    <div data-testid="export-done">
      <p className="muted">{t(INTRO_KEYS[consumers.images], { count: consumers.teachableMachine.imageCount })}</p>
      <table className="consumers" data-testid="export-consumers">
        <thead>
          <tr>
            <th>{t('consumers.tool')}</th>
            <th>{t('consumers.maxDifference')}</th>
            <th>{t('consumers.meanDifference')}</th>
            <th>{t('consumers.sameTopClass')}</th>
          </tr>
        </thead>
        <tbody>
          <Row tool="@teachablemachine/image" difference={consumers.teachableMachine} />
          <Row tool={t('consumers.ml5')} difference={consumers.ml5} />
          <Row tool={t('consumers.precropped')} difference={consumers.precroppedBy127} />
        </tbody>
      </table>
    </div>
  );
}
