import { assessDataset, runAdvice } from '../../app/lab-actions';
import { adviseScenario, LARGE_DATASET_PER_CLASS, type Advice } from '../../ml/lab/advisor';
import { HIGH_SIMILARITY } from '../../ml/lab/similarity';
import { selectLabBusy, useLabStore } from '../../state/lab-store';
import { useTrunkStore } from '../../state/trunk-store';
import { percent, STRATEGY_INFO } from './strategy-info';

const GRID: { size: Advice['size']; similarity: Advice['similarity']; recipe: string }[] = [
  { size: 'small', similarity: 'high', recipe: 'Freeze the trunk, train a head' },
  { size: 'large', similarity: 'high', recipe: 'Fine-tune the whole network' },
  { size: 'small', similarity: 'low', recipe: 'Fine-tune the top layers' },
  { size: 'large', similarity: 'low', recipe: 'Train from scratch' },
];

/** The four classic scenarios, the user's dataset placed on them by measurement, and the recommended run one click away. */
export function ScenarioAdvisor() {
  const assessment = useLabStore((s) => s.assessment);
  const busy = useLabStore(selectLabBusy);
  const trunkReady = useTrunkStore((s) => s.status === 'ready');
  const result = assessment.result;
  const advice = result ? adviseScenario({ imagesPerClass: result.imagesPerClass, similarity: result.measurement.similarity }) : null;
  return (
    <section className="lab-section" aria-label="Scenario advisor" data-testid="advisor">
      <h3>Which strategy suits my photos?</h3>
      <p className="muted lab-explain">
        Two things decide: how many photos you have per class, and how similar they are to ImageNet, the 1.2 million photos the model learnt from.
        To measure similarity, a simple “closest class average” test sorts your photos twice: once by the pretrained model’s features, once by the raw pixels of a tiny 16×16 copy.
        The score is the share of the pixels’ mistakes that the features avoid (0 = they fix none, 1 = they fix all). Photos of everyday things score high; X-rays, drawings or coloured shapes score low.
      </p>
      <div className="row">
        <button type="button" data-testid="advisor-assess" disabled={busy || !trunkReady} onClick={() => void assessDataset()}>
          Measure my dataset
        </button>
        {assessment.status === 'running' && <span className="muted">Measuring…</span>}
      </div>
      {assessment.status === 'error' && assessment.message && (
        <p role="alert" className="error" data-testid="advisor-error">
          {assessment.message}
        </p>
      )}
      {result && advice && (
        <>
          <dl className="lab-measures" data-testid="advisor-measures">
            <dt>Photos per class</dt>
            <dd data-testid="advisor-per-class">{result.imagesPerClass.toFixed(0)} ({advice.size}; large from {LARGE_DATASET_PER_CLASS})</dd>
            <dt>Sorted by the model’s features</dt>
            <dd>{percent(result.measurement.trunkProbe.accuracy)} correct ({result.measurement.trunkProbe.mistakes} mistakes)</dd>
            <dt>Sorted by raw pixels</dt>
            <dd>{percent(result.measurement.pixelProbe.accuracy)} correct ({result.measurement.pixelProbe.mistakes} mistakes)</dd>
            <dt>Similarity to ImageNet</dt>
            <dd data-testid="advisor-similarity">{result.measurement.similarity.toFixed(2)} ({advice.similarity}; high from {HIGH_SIMILARITY})</dd>
          </dl>
          <div className="lab-grid" role="table" aria-label="The four scenarios">
            <span />
            <span className="lab-grid-head">Small dataset</span>
            <span className="lab-grid-head">Large dataset</span>
            {(['high', 'low'] as const).map((similarity) => [
              <span key={`${similarity}-head`} className="lab-grid-head">{similarity === 'high' ? 'Similar to ImageNet' : 'Unlike ImageNet'}</span>,
              ...GRID.filter((cell) => cell.similarity === similarity).map((cell) => {
                const active = cell.size === advice.size && cell.similarity === advice.similarity;
                return (
                  <span key={`${cell.size}-${cell.similarity}`} className={`lab-grid-cell${active ? ' active' : ''}`} data-testid={`advisor-cell-${cell.size}-${cell.similarity}`} data-active={active}>
                    {cell.recipe}
                    {active && <strong> ← your photos</strong>}
                  </span>
                );
              }),
            ])}
          </div>
          <div className="lab-advice" data-testid="advisor-recommendation" data-recommendation={advice.recommendation} data-strategy={advice.strategy}>
            <p>
              <strong>{advice.title}.</strong> <span data-testid="advisor-why">{advice.why}</span>
            </p>
            <button type="button" className="primary" data-testid="advisor-run" disabled={busy} onClick={() => void runAdvice(advice)}>
              Run it: {STRATEGY_INFO[advice.strategy].label}
              {advice.fineTuneBlocks === 'all' ? ' (all blocks)' : advice.fineTuneBlocks !== null ? ` (top ${advice.fineTuneBlocks} blocks)` : ''}
            </button>
          </div>
        </>
      )}
    </section>
  );
}
