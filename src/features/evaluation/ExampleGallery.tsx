import { useTranslation } from 'react-i18next';
import type { ScoredExample } from '../../ml/evaluation-report';
import { ImageThumb } from './ImageThumb';

/** Scored images with their true and predicted class and the model's confidence. */
export function ExampleGallery({
  examples,
  labels,
  testId,
  emptyText,
}: {
  examples: ScoredExample[];
  labels: string[];
  testId: string;
  emptyText: string;
}) {
  const { t } = useTranslation('evaluation');
  if (examples.length === 0)
    return (
      <p className="muted" data-testid={`${testId}-empty`}>
        {emptyText}
      </p>
    );
  return (
    <ul className="example-gallery" data-testid={testId}>
      {examples.map((e) => (
        <li key={e.id} data-testid={`${testId}-item`} data-image-id={e.id} data-true={e.trueClass} data-predicted={e.predictedClass}>
          <ImageThumb id={e.id} size={72} />
          <span className={e.trueClass === e.predictedClass ? 'right' : 'wrong'}>
            {t('gallery.predicted', { label: labels[e.predictedClass], percent: Math.round(e.confidence * 100) })}
          </span>
          {e.trueClass !== e.predictedClass && <span className="muted">{t('gallery.really', { label: labels[e.trueClass] })}</span>}
        </li>
      ))}
    </ul>
  );
}
