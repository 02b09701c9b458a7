import { useShallow } from 'zustand/react/shallow';
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

function setName(report: EvaluationReport): string {
  return report.set === 'test' ? 'test set' : 'validation set';
}

function ScoredSetHeader({ report }: { report: EvaluationReport }) {
  const count = report.examples.length;
  if (report.set === 'test') {
    return (
      <p data-testid="evaluation-set" data-set="test" data-count={count}>
        Scored on the <strong>test set</strong>: {count} images the model never trained on and you never saw during training. Accuracy{' '}
        <strong data-testid="evaluation-accuracy">{Math.round(report.accuracy * 100)}%</strong>.
      </p>
    );
  }
  return (
    <p data-testid="evaluation-set" data-set="validation" data-count={count} className="warning-text">
      No test set was held out, so this is the <strong>validation set</strong> ({count} images). You watched its score while training, so it can flatter the model: hold out a
      test set (above) for an honest score. Accuracy <strong data-testid="evaluation-accuracy">{Math.round(report.accuracy * 100)}%</strong>.
    </p>
  );
}

function ReportView({ report }: { report: EvaluationReport }) {
  const labels = useClassLabels(report.labels);
  const selectedCell = useEvaluationStore((s) => s.selectedCell);
  const selectCell = useEvaluationStore((s) => s.selectCell);
  const cellExamples = useEvaluationStore(useShallow(selectCellExamples)).map((i) => report.examples[i]);
  const mistakes = report.mistakes.map((i) => report.examples[i]);
  const name = setName(report);
  return (
    <>
      <ScoredSetHeader report={report} />
      <div className="evaluation-grid">
        <div>
          <h3>Confusion matrix</h3>
          <ConfusionMatrix matrix={report.matrix} labels={labels} selected={selectedCell} onSelect={selectCell} />
          {selectedCell && (
            <div className="cell-images" data-testid="cell-images">
              <p>
                {labels[selectedCell.trueClass]} predicted as {labels[selectedCell.predictedClass]} ({cellExamples.length}){' '}
                <button type="button" className="link" data-testid="cell-images-close" onClick={() => selectCell(null)}>
                  close
                </button>
              </p>
              <ExampleGallery examples={cellExamples} labels={labels} testId="cell-image" emptyText="No images in this cell any more." />
            </div>
          )}
        </div>
        <div>
          <h3>Precision and recall</h3>
          <ClassScoresTable scores={report.classes} labels={labels} />
        </div>
      </div>
      <h3>Mistakes, most confident first</h3>
      <ExampleGallery examples={mistakes} labels={labels} testId="mistake" emptyText={`No mistakes on the ${name}.`} />
      <h3>Calibration</h3>
      <ReliabilityDiagram bins={report.calibration} expectedCalibrationError={report.expectedCalibrationError} />
      {report.examples.length < 30 && <p className="muted">With {report.examples.length} images most bins are empty or hold one or two: read this diagram loosely.</p>}
      <UnknownThreshold tradeoff={report.thresholds} setLabel={name} />
      <h3>Near-duplicates</h3>
      <NearDuplicateWarning nearDuplicates={report.nearDuplicates} setLabel={name} />
    </>
  );
}

/** How good the trained model really is, and why: computed in the worker, redrawn when the model or the images change. */
export function EvaluationPanel() {
  const modelReady = useTrainingStore((s) => s.modelReady);
  const status = useEvaluationStore((s) => s.status);
  const report = useEvaluationStore((s) => s.report);
  const message = useEvaluationStore((s) => s.message);
  return (
    <section className="panel evaluation-panel" aria-label="Evaluation" data-testid="evaluation-panel" data-status={status} data-run-id={report?.runId ?? ''} data-compute-ms={report ? report.computeMs.toFixed(1) : ''}>
      <h2>How good is it, and why?</h2>
      {!modelReady && <p className="muted">Train a model first: then its score on held-out images, its mistakes and a map of what the trunk sees appear here.</p>}
      {status === 'error' && message && (
        <p role="alert" className="error" data-testid="evaluation-error">
          {message}
        </p>
      )}
      {report && report.set === 'none' && (
        <p data-testid="evaluation-set" data-set="none">
          Every image was used for training: set a validation or test share above and train again to get a score.
        </p>
      )}
      {report && report.set !== 'none' && <ReportView report={report} />}
      {modelReady && <EmbeddingMapView />}
    </section>
  );
}
