import { useState } from 'react';
import { loadTrunkFromFiles, loadTrunkFromUrl, trunkUrlProblem } from '../../app/trunk-actions';

export function LoadTrunkForm() {
  const [url, setUrl] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  return (
    <div className="load-trunk">
      <p className="muted">
        A trunk is a tfjs layers model: a MobileNet V1 classifier, a MobileNet V2 “no_top” model, or a Teachable Machine export.
      </p>
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
          placeholder="https://…/model.json"
          value={url}
          aria-invalid={problem !== null}
          aria-describedby={problem ? 'trunk-url-error' : undefined}
          onChange={(e) => {
            setUrl(e.target.value);
            setProblem(null);
          }}
        />
        <button data-testid="trunk-url-load" type="submit">
          Load from URL
        </button>
      </form>
      {problem && (
        <p id="trunk-url-error" role="alert" className="error" data-testid="trunk-url-error">
          {problem}
        </p>
      )}
      <p className="muted">Addresses must start with https:// (or be on this app's own site). Trunks up to 64 MB are downloaded without logging in.</p>
      <label className="file-button">
        Pick model.json and its weight files…
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
