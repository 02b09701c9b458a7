import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { loadTrunkFromFiles, loadTrunkFromUrl, trunkUrlProblem } from '../../app/trunk-actions';

export function LoadTrunkForm() {
  const [url, setUrl] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const { t } = useTranslation('trunk');
  return (
    <div className="load-trunk">
      <p className="muted">{t('form.intro')}</p>
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault();
          const refused = trunkUrlProblem(url);
          setProblem(refused);
          if (!refused) void loadTrunkFromUrl(url.trim());
        }}
      >
        <input
          data-testid="trunk-url-input"
          type="url"
          placeholder={t('form.urlPlaceholder')}
          value={url}
          aria-invalid={problem !== null}
          aria-describedby={problem ? 'trunk-url-error' : undefined}
          onChange={(e) => {
            setUrl(e.target.value);
            setProblem(null);
          }}
        />
        <button data-testid="trunk-url-load" type="submit">
          {t('form.loadFromUrl')}
        </button>
      </form>
      {problem && (
        <p id="trunk-url-error" role="alert" className="error" data-testid="trunk-url-error">
          {problem}
        </p>
      )}
      <p className="muted">{t('form.addressRules')}</p>
      <label className="file-button">
        {t('form.pickFiles')}
        <input
          data-testid="trunk-files-input"
          type="file"
          multiple
          accept=".json,.bin,application/json,application/octet-stream"
          onChange={(e) => {
            const files = Array.from(e.target.files ?? []);
            e.target.value = '';
            if (files.length > 0) void loadTrunkFromFiles(files);
          }}
        />
      </label>
    </div>
  );
}
