import { Trans, useTranslation } from 'react-i18next';
import { formatMegabytes, type QuantizationReport } from '../../ml/export-kinds';

const percent = (fraction: number) => `${(fraction * 100).toFixed(1)}%`;

export function QuantizationSummary({ report }: { report: QuantizationReport }) {
  const { difference } = report;
  const change = report.quantizedAccuracy - report.floatAccuracy;
  const { t } = useTranslation('export');
  const imagesText = t(
    report.images === 'test'
      ? 'quantization.imagesTest'
      : report.images === 'validation'
        ? 'quantization.imagesValidation'
        : 'quantization.imagesAll',
  );
  const changeText =
    change === 0
      ? t('quantization.unchanged')
      : t('quantization.points', { change: `${change > 0 ? '+' : ''}${(change * 100).toFixed(1)}` });
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
        <Trans
          t={t}
          i18nKey="quantization.size"
          values={{
            quantized: formatMegabytes(report.quantizedBytes),
            original: formatMegabytes(report.originalBytes),
            percent: percent(report.quantizedBytes / report.originalBytes),
          }}
          components={{ strong: <strong /> }}
        />
      </p>
      <p>
        <Trans
          t={t}
          i18nKey="quantization.accuracy"
          values={{
            count: difference.imageCount,
            images: imagesText,
            before: percent(report.floatAccuracy),
            after: percent(report.quantizedAccuracy),
            change: changeText,
            same: difference.sameTopClass,
            total: difference.imageCount,
            max: difference.maxAbsDifference.toFixed(4),
          }}
          components={{ strong: <strong /> }}
        />
      </p>
    </div>
  );
}
