import { useTranslation } from 'react-i18next';
import type { EvaluationReport, NearDuplicate } from '../../protocol';
import { ImageThumb } from './ImageThumb';

const PAIRS_SHOWN = 8;

function PairList({ pairs, setLabel }: { pairs: NearDuplicate[]; setLabel: string }) {
  const { t } = useTranslation('evaluation');
  return (
    <ul className="duplicate-pairs">
      {pairs.map((pair) => (
        <li key={`${pair.trainId}-${pair.heldOutId}`} data-testid="near-duplicate-pair">
          <ImageThumb id={pair.trainId} size={48} title={t('nearDuplicates.trainingImage')} />
          <ImageThumb id={pair.heldOutId} size={48} title={t('nearDuplicates.heldOutImage', { setName: setLabel })} />
          <span>{pair.similarity.toFixed(3)}</span>
        </li>
      ))}
    </ul>
  );
}

/** Training and held-out images that are nearly the same picture: the model has in effect seen the held-out one. */
export function NearDuplicateWarning({
  nearDuplicates,
  setLabel,
}: {
  nearDuplicates: EvaluationReport['nearDuplicates'];
  setLabel: string;
}) {
  const { t } = useTranslation('evaluation');
  if (nearDuplicates.total === 0) {
    return (
      <p className="muted" data-testid="near-duplicates-none">
        {t('nearDuplicates.none', { setName: setLabel, threshold: nearDuplicates.threshold })}
      </p>
    );
  }
  const { heldOutImages, total, threshold } = nearDuplicates;
  return (
    <div className="near-duplicates notice" role="status" data-testid="near-duplicates" data-images={heldOutImages} data-pairs={total}>
      <p>
        {t('nearDuplicates.found', {
          count: heldOutImages,
          setName: setLabel,
          pairs: t('nearDuplicates.pairs', { count: total }),
          threshold,
        })}
      </p>
      {total > nearDuplicates.pairs.length && (
        <p className="muted">{t('nearDuplicates.mostSimilar', { shown: nearDuplicates.pairs.length, total })}</p>
      )}
      <PairList pairs={nearDuplicates.pairs.slice(0, PAIRS_SHOWN)} setLabel={setLabel} />
      {nearDuplicates.pairs.length > PAIRS_SHOWN && (
        <details>
          <summary data-testid="near-duplicates-more">
            {t('nearDuplicates.more', { count: nearDuplicates.pairs.length - PAIRS_SHOWN })}
          </summary>
          <PairList pairs={nearDuplicates.pairs.slice(PAIRS_SHOWN)} setLabel={setLabel} />
        </details>
      )}
    </div>
  );
}
