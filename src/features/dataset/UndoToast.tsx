import { useTranslation } from 'react-i18next';
import { undoLast } from '../../app/undo-actions';
import { useUndoStore } from '../../state/undo-store';

export function UndoToast() {
  const { t } = useTranslation('dataset');
  const offer = useUndoStore((s) => s.offer);
  if (!offer) return null;
  return (
    <div className="undo-toast" role="status" data-testid="undo-toast">
      <span data-testid="undo-text">{offer.text}</span>
      <button type="button" data-testid="undo-button" onClick={undoLast}>
        {t('undo')}
      </button>
    </div>
  );
}
