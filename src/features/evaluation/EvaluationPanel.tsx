import { Trans, useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import type { TFunction } from 'i18next';
import { selectCellExamples, useEvaluationStore } from '../../state/evaluation-store';
import { useTrainingStore } from '../../state/training-store';
import type { EvaluationReport } from '../../protocol';
import { ClassScoresTable } from './ClassScoresTable';
import { ConfusionMatrix } from './ConfusionMatrix';
import { EmbeddingMapView } from './EmbeddingMapView';
import { ExampleGallery } from './ExampleGallery';
import { NearDuplicateWarning } from './NearDuplicateWarning';
import { ReliabilityDiagram } from './ReliabilityDiagram';
import { UnknownThreshold } from './UnknownThreshold';
import { useClassLabels } from './useClassLabels';

function setName(report: EvaluationReport, t: TFunction<'evaluation'>): string {
  return report.set === 'test' ? t('sets.test') : t('sets.validation');
}

function ScoredSetHeader({ report }: { report: EvaluationReport }) {
  const count = report.examples.length;
  const onTest = report.set === 'test';
  return (
    <>
      <p
        data-testid="evaluation-set"
        data-set={onTest ? 'test' : 'validation'}
        data-count={count}
        className={onTest ? undefined : 'warning-text'}
      >
        <Trans
          ns="evaluation"
          i18nKey={onTest ? 'panel.scoredOnTest' : 'panel.scoredOnValidation'}
          count={count}
          values={{ accuracy: Math.round(report.accuracy * 100) }}
          components={[<strong key="set" />, <strong key="accuracy" data-testid="evaluation-accuracy" />]}
        />
      </p>
      {report.scoredBeforeFinalFit && (
        <p data-testid="evaluation-before-final-fit" className="hint">
          <Trans ns="evaluation" i18nKey="panel.scoredBeforeFinalFit" />
        </p>
      )}
    </>
  );
}

function ReportView({ report }: { report: EvaluationReport }) {
  const { t } = useTranslation('evaluation');
  const labels = useClassLabels(report.labels);
  const selectedCell = useEvaluationStore((s) => s.selectedCell);
  const selectCell = useEvaluationStore((s) => s.selectCell);
  const cellExamples = useEvaluationStore(useShallow(selectCellExamples)).map((i) => report.examples[i]);
  const mistakes = report.mistakes.map((i) => report.examples[i]);
  const name = setName(report, t);
  return (
    <>
      <ScoredSetHeader report={report} />
      <div className="evaluation-grid">
        <div>
          <h3>{t('panel.confusionMatrix')}</h3>
          <ConfusionMatrix matrix={report.matrix} labels={labels} selected={selectedCell} onSelect={selectCell} />
          {selectedCell && (
            <div className="cell-images" data-testid="cell-images">
              <p>
                {t('panel.cellImages', {
                  trueLabel: labels[selectedCell.trueClass],
                  predictedLabel: labels[selectedCell.predictedClass],
                  count: cellExamples.length,
                })}{' '}
                <button type="button" className="link" data-testid="cell-images-close" onClick={() => selectCell(null)}>
                  {t('panel.close')}
                </button>
              </p>
              <ExampleGallery examples={cellExamples} labels={labels} testId="cell-image" emptyText={t('panel.cellEmpty')} />
            </div>
          )}
        </div>
        <div>
          <h3>{t('panel.precisionRecall')}</h3>
          <ClassScoresTable scores={report.classes} labels={labels} />
        </div>
      </div>
      <h3>{t('panel.mistakes')}</h3>
      <ExampleGallery examples={mistakes} labels={labels} testId="mistake" emptyText={t('panel.noMistakes', { setName: name })} />
      <h3>{t('panel.calibration')}</h3>
      <ReliabilityDiagram bins={report.calibration} expectedCalibrationError={report.expectedCalibrationError} />
      {report.examples.length < 30 && <p className="muted">{t('panel.fewImages', { count: report.examples.length })}</p>}
      <UnknownThreshold tradeoff={report.thresholds} setLabel={name} />
      <h3>{t('panel.nearDuplicates')}</h3>
      <NearDuplicateWarning nearDuplicates={report.nearDuplicates} setLabel={name} />
    </>
  );
}

/** How good the trained model really is, and why: computed in the worker, redrawn when the model or the images change. */
export function EvaluationPanel() {
  const { t } = useTranslation('evaluation');
  const modelReady = useTrainingStore((s) => s.modelReady);
  const status = useEvaluationStore((s) => s.status);
  const report = useEvaluationStore((s) => s.report);
  const message = useEvaluationStore((s) => s.message);
  return (
    <section
      className="panel evaluation-panel"
      aria-label={t('panel.label')}
      data-testid="evaluation-panel"
      data-status={status}
      data-run-id={report?.runId ?? ''}
      data-compute-ms={report ? report.computeMs.toFixed(1) : ''}
    >
      <h2>{t('panel.title')}</h2>
      {!modelReady && <p className="muted">{t('panel.trainFirst')}</p>}
      {status === 'error' && message && (
        <p role="alert" className="error" data-testid="evaluation-error">
          {message}
        </p>
      )}
      {report && report.set === 'none' && (
        <p data-testid="evaluation-set" data-set="none">
          {t('panel.noScoredSet')}
        </p>
      )}
      {report && report.set !== 'none' && <ReportView report={report} />}
      {modelReady && <EmbeddingMapView />}
    </section>
  );
}
