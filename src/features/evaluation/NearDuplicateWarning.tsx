import type { EvaluationReport, NearDuplicate } from '../../protocol';
import { ImageThumb } from './ImageThumb';

const PAIRS_SHOWN = 8;

function PairList({ pairs, setLabel }: { pairs: NearDuplicate[]; setLabel: string }) {
  return (
    <ul className="duplicate-pairs">
      {pairs.map((pair) => (
        <li key={`${pair.trainId}-${pair.heldOutId}`} data-testid="near-duplicate-pair">
          <ImageThumb id={pair.trainId} size={48} title="training image" />
          <ImageThumb id={pair.heldOutId} size={48} title={`${setLabel} image`} />
          <span>{pair.similarity.toFixed(3)}</span>
        </li>
      ))}
    </ul>
  );
}

/** Training and held-out images that are nearly the same picture: the model has in effect seen the held-out one. */
export function NearDuplicateWarning({ nearDuplicates, setLabel }: { nearDuplicates: EvaluationReport['nearDuplicates']; setLabel: string }) {
  if (nearDuplicates.total === 0) {
    return (
      <p className="muted" data-testid="near-duplicates-none">
        No near-duplicates between the training images and the {setLabel} (cosine similarity of embeddings above {nearDuplicates.threshold}).
      </p>
    );
  }
  const { heldOutImages, total, threshold } = nearDuplicates;
  return (
    <div className="near-duplicates notice" role="status" data-testid="near-duplicates" data-images={heldOutImages} data-pairs={total}>
      <p>
        {heldOutImages} {setLabel} {heldOutImages === 1 ? 'image is' : 'images are'} nearly the same picture as a training image ({total} {total === 1 ? 'pair' : 'pairs'} with
        embedding cosine similarity above {threshold}). The model has in effect seen {heldOutImages === 1 ? 'it' : 'them'}, so the score above is inflated: remove one image of
        each pair so that no picture sits on both sides.
      </p>
      {total > nearDuplicates.pairs.length && <p className="muted">The {nearDuplicates.pairs.length} most similar pairs of {total}:</p>}
      <PairList pairs={nearDuplicates.pairs.slice(0, PAIRS_SHOWN)} setLabel={setLabel} />
      {nearDuplicates.pairs.length > PAIRS_SHOWN && (
        <details>
          <summary data-testid="near-duplicates-more">{nearDuplicates.pairs.length - PAIRS_SHOWN} more pairs</summary>
          <PairList pairs={nearDuplicates.pairs.slice(PAIRS_SHOWN)} setLabel={setLabel} />
        </details>
      )}
    </div>
  );
}
