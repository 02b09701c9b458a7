import { useTranslation } from 'react-i18next';
import { importPickedFolder, importZipOfClasses } from '../../app/dataset-import';

const FOLDER_PICKER = { webkitdirectory: '', directory: '' } as Record<string, string>;

/** The classes-area drop zone's visible part: a folder or zip of class folders makes one class per folder. */
export function ImportBar({ dragging }: { dragging: boolean }) {
  const { t } = useTranslation('dataset');
  return (
    <div className={`dropzone dataset-dropzone${dragging ? ' dragging' : ''}`} data-testid="dataset-dropzone">
      <span>{t('importBarText')}</span>
      <label className="file-button">
        {t('aFolder')}
        <input
          data-testid="import-folder-input"
          type="file"
          multiple
          {...FOLDER_PICKER}
          onChange={(e) => {
            const files = Array.from(e.target.files ?? []);
            e.target.value = '';
            if (files.length > 0) void importPickedFolder(files);
          }}
        />
      </label>
      <label className="file-button">
        {t('aZip')}
        <input
          data-testid="import-zip-input"
          type="file"
          accept=".zip,application/zip"
          onChange={(e) => {
            const file = e.target.files?.[0];
            e.target.value = '';
            if (file) void importZipOfClasses(file);
          }}
        />
      </label>
    </div>
  );
}
