import { formatMegabytes, type QuantizationReport } from '../../ml/export-kinds';

const percent = (fraction: number) => `${(fraction * 100).toFixed(1)}%`;

export function QuantizationSummary({ report }: { report: QuantizationReport }) {
  const { difference } = report;
  const change = report.quantizedAccuracy - report.floatAccuracy;
  return (
    <div
      className="quantization-report"
      data-testid="export-quantization-report"
      data-dtype={report.dtype}
      data-original-bytes={report.originalBytes}
      data-quantized-bytes={report.quantizedBytes}
      data-float-accuracy={report.floatAccuracy}
      data-quantized-accuracy={report.quantizedAccuracy}
      data-images={report.images}
      data-image-count={difference.imageCount}
    >
      <p>
        <strong>{formatMegabytes(report.quantizedBytes)}</strong> of weights instead of {formatMegabytes(report.originalBytes)} (
        {percent(report.quantizedBytes / report.originalBytes)}).
      </p>
      <p>
        Accuracy on {difference.imageCount} {report.images === 'test' ? 'held-out test images of the last run' : report.images === 'validation' ? 'validation images of the last run' : 'labelled images (the last run had no validation images)'}:{' '}
        {percent(report.floatAccuracy)} → <strong>{percent(report.quantizedAccuracy)}</strong> ({change === 0 ? 'unchanged' : `${change > 0 ? '+' : ''}${(change * 100).toFixed(1)} points`}). Same
        top class for {difference.sameTopClass} of {difference.imageCount}; probabilities move by at most {difference.maxAbsDifference.toFixed(4)}.
      </p>
    </div>
  );
}
