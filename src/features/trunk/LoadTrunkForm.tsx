import { useState } from 'react';
import { loadTrunkFromFiles, loadTrunkFromUrl } from '../../app/trunk-actions';

export function LoadTrunkForm() {
  const [url, setUrl] = useState('');
  return (
    <div className="load-trunk">
      <p className="muted">
        A trunk is a tfjs layers model: a MobileNet V1 classifier, a MobileNet V2 “no_top” model, or a Teachable Machine export.
      </p>
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault();
          if (url.trim()) void loadTrunkFromUrl(url.trim());
        }}
      >
        <input data-testid="trunk-url-input" type="url" placeholder="https://…/model.json" value={url} onChange={(e) => setUrl(e.target.value)} />
        <button data-testid="trunk-url-load" type="submit">
          Load from URL
        </button>
      </form>
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
