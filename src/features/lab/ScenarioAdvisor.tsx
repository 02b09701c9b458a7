import type { TFunction } from 'i18next';
import { LabDisclosure } from './LabDisclosure';
import { useTranslation } from 'react-i18next';
import { assessDataset, runAdvice } from '../../app/lab-actions';
import { adviseScenario, LARGE_DATASET_PER_CLASS, type Advice } from '../../ml/lab/advisor';
import { HIGH_SIMILARITY } from '../../ml/lab/similarity';
import { selectLabBusy, useLabStore } from '../../state/lab-store';
import { selectSourceTrainingBusy, useSourceModelStore } from '../../state/source-model-store';
import { useTrunkStore } from '../../state/trunk-store';
import { percent, STRATEGY_INFO } from './strategy-info';

// Each cell's recipe is `lab:advisor.recipe.<size>-<similarity>`.
const GRID: { size: Advice['size']; similarity: Advice['similarity'] }[] = [
  { size: 'small', similarity: 'high' },
  { size: 'large', similarity: 'high' },
  { size: 'small', similarity: 'low' },
  { size: 'large', similarity: 'low' },
];

/**
 * The advice's title and reason in the current language, from its recommendation: the English
 * wording in src/ml/lab/advisor.ts stays the tested source, this mirrors it with placeholders.
 */
function adviceTextOf(t: TFunction<'lab'>, advice: Advice, imagesPerClass: number, similarity: number): { title: string; why: string } {
  const count = Math.round(imagesPerClass);
  const values = { perClass: t('advisor.perClassText', { count }), score: similarity.toFixed(2), blocks: advice.fineTuneBlocks ?? '' };
  return {
    title: t(`advisor.advice.${advice.recommendation}.title`, values),
    why: t(`advisor.advice.${advice.recommendation}.why`, values),
  };
}

/** The four classic scenarios, the user's dataset placed on them by measurement, and the recommended run one click away. */
export function ScenarioAdvisor() {
  const { t } = useTranslation('lab');
  const assessment = useLabStore((s) => s.assessment);
  const labBusy = useLabStore(selectLabBusy);
  // Your own source model trains in the same worker: one task at a time.
  const sourceTraining = useSourceModelStore(selectSourceTrainingBusy);
  const busy = labBusy || sourceTraining;
  const trunkReady = useTrunkStore((s) => s.status === 'ready');
  const result = assessment.result;
  const advice = result ? adviseScenario({ imagesPerClass: result.imagesPerClass, similarity: result.measurement.similarity }) : null;
  const adviceText = result && advice ? adviceTextOf(t, advice, result.imagesPerClass, result.measurement.similarity) : null;
  return (
    <LabDisclosure title={t('advisor.heading')} label={t('advisor.label')} testId="advisor" forceOpen={assessment.status === 'running'}>
      <p className="muted lab-explain">{t('advisor.explain')}</p>
      <div className="row">
        <button type="button" data-testid="advisor-assess" disabled={busy || !trunkReady} onClick={() => void assessDataset()}>
          {t('advisor.assess')}
        </button>
        {assessment.status === 'running' && <span className="muted">{t('advisor.measuring')}</span>}
      </div>
      {assessment.status === 'error' && assessment.message && (
        <p role="alert" className="error" data-testid="advisor-error">
          {assessment.message}
        </p>
      )}
      {result && advice && adviceText && (
        <>
          <dl className="lab-measures" data-testid="advisor-measures">
            <dt>{t('advisor.perClass')}</dt>
            <dd data-testid="advisor-per-class">
              {t('advisor.perClassValue', {
                value: result.imagesPerClass.toFixed(0),
                size: t(`advisor.size.${advice.size}`),
                threshold: LARGE_DATASET_PER_CLASS,
              })}
            </dd>
            <dt>{t('advisor.byFeatures')}</dt>
            <dd>
              {t('advisor.correct', {
                accuracy: percent(result.measurement.trunkProbe.accuracy),
                mistakes: result.measurement.trunkProbe.mistakes,
              })}
            </dd>
            <dt>{t('advisor.byPixels')}</dt>
            <dd>
              {t('advisor.correct', {
                accuracy: percent(result.measurement.pixelProbe.accuracy),
                mistakes: result.measurement.pixelProbe.mistakes,
              })}
            </dd>
            <dt>{t('advisor.similarity')}</dt>
            <dd data-testid="advisor-similarity">
              {t('advisor.similarityValue', {
                score: result.measurement.similarity.toFixed(2),
                level: t(`advisor.level.${advice.similarity}`),
                threshold: HIGH_SIMILARITY,
              })}
            </dd>
          </dl>
          <div className="lab-grid" role="table" aria-label={t('advisor.gridLabel')}>
            <span />
            <span className="lab-grid-head">{t('advisor.smallDataset')}</span>
            <span className="lab-grid-head">{t('advisor.largeDataset')}</span>
            {(['high', 'low'] as const).map((similarity) => [
              <span key={`${similarity}-head`} className="lab-grid-head">
                {t(similarity === 'high' ? 'advisor.similar' : 'advisor.unlike')}
              </span>,
              ...GRID.filter((cell) => cell.similarity === similarity).map((cell) => {
                const active = cell.size === advice.size && cell.similarity === advice.similarity;
                return (
                  <span
                    key={`${cell.size}-${cell.similarity}`}
                    className={`lab-grid-cell${active ? ' active' : ''}`}
                    data-testid={`advisor-cell-${cell.size}-${cell.similarity}`}
                    data-active={active}
                  >
                    {t(`advisor.recipe.${cell.size}-${cell.similarity}`)}
                    {active && <strong>{t('advisor.yourPhotos')}</strong>}
                  </span>
                );
              }),
            ])}
          </div>
          <div
            className="lab-advice"
            data-testid="advisor-recommendation"
            data-recommendation={advice.recommendation}
            data-strategy={advice.strategy}
          >
            <p>
              <strong>{adviceText.title}.</strong> <span data-testid="advisor-why">{adviceText.why}</span>
            </p>
            <button type="button" className="primary" data-testid="advisor-run" disabled={busy} onClick={() => void runAdvice(advice)}>
              {advice.fineTuneBlocks === 'all'
                ? t('advisor.runItAll', { strategy: STRATEGY_INFO[advice.strategy].label })
                : advice.fineTuneBlocks !== null
                  ? t('advisor.runItTop', { strategy: STRATEGY_INFO[advice.strategy].label, blocks: advice.fineTuneBlocks })
                  : t('advisor.runIt', { strategy: STRATEGY_INFO[advice.strategy].label })}
            </button>
          </div>
        </>
      )}
    </LabDisclosure>
  );
}
