import { useTranslation } from 'react-i18next';
import { moveImages, removeImages } from '../../app/dataset-actions';
import { useProjectStore } from '../../state/project-store';

/** What can be done with the selected images of one class: move them to another class, or delete them. */
export function SelectionBar({ classId, selectedIds, onDone }: { classId: string; selectedIds: string[]; onDone: () => void }) {
  const { t } = useTranslation('dataset');
  const classes = useProjectStore((s) => s.classes);
  const others = classes.filter((c) => c.id !== classId);
  return (
    <div className="selection-bar row" data-testid="selection-bar">
      <span data-testid="selection-count">{t('selectedCount', { count: selectedIds.length })}</span>
      <label>
        {t('moveTo')}{' '}
        <select
          data-testid="move-select"
          value=""
          disabled={others.length === 0}
          onChange={(e) => {
            if (!e.target.value) return;
            moveImages(selectedIds, e.target.value);
            onDone();
          }}
        >
          <option value="" disabled>
            {t('chooseClass')}
          </option>
          {others.map((c) => (
            <option key={c.id} value={c.id}>
              {c.label}
            </option>
          ))}
        </select>
      </label>
      <button
        type="button"
        data-testid="delete-selected"
        onClick={() => {
          removeImages(selectedIds);
          onDone();
        }}
      >
        {t('deleteSelected')}
      </button>
      <button type="button" data-testid="clear-selection" onClick={onDone}>
        {t('cancel')}
      </button>
    </div>
  );
}
