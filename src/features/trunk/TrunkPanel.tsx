import { useState } from 'react';
import { loadInstalledTrunk, switchBackend } from '../../app/trunk-actions';
import { TRUNKS, trunkName } from '../../app/trunk-catalog';
import { useTrunkStore } from '../../state/trunk-store';
import type { BackendChoice, BackendPreference, HeadPlacementPreference } from '../../protocol';
import { LoadTrunkForm } from './LoadTrunkForm';

const BACKEND_OPTIONS: { value: BackendPreference; label: string }[] = [
  { value: 'auto', label: 'Automatic (fastest here)' },
  { value: 'wasm', label: 'wasm (CPU, SIMD)' },
  { value: 'webgl', label: 'webgl (GPU)' },
  { value: 'webgpu', label: 'webgpu (GPU, newer)' },
  { value: 'cpu', label: 'cpu (plain JavaScript, slow)' },
];

const HEAD_PLACEMENT_OPTIONS: { value: HeadPlacementPreference; label: string }[] = [
  { value: 'auto', label: 'Automatic (fastest here)' },
  { value: 'cpu', label: 'CPU (wasm)' },
  { value: 'backend', label: 'Same as the trunk' },
];

const GPU_BACKENDS = new Set(['webgl', 'webgpu']);

/** Where the head will train, in words, for a trunk on `choice.backend`. */
function headPlacementText(choice: BackendChoice, preference: HeadPlacementPreference): string {
  if (!GPU_BACKENDS.has(choice.backend)) return '';
  if (preference === 'cpu') return 'The head trains on the CPU (wasm): chosen by you.';
  if (preference === 'backend') return `The head trains on ${choice.backend} too: chosen by you.`;
  return choice.head?.reason ?? 'The head trains on the CPU (wasm).';
}

export function TrunkPanel() {
  const selectedId = useTrunkStore((s) => s.selectedId);
  const status = useTrunkStore((s) => s.status);
  const progress = useTrunkStore((s) => s.progress);
  const stage = useTrunkStore((s) => s.stage);
  const info = useTrunkStore((s) => s.info);
  const message = useTrunkStore((s) => s.message);
  const preference = useTrunkStore((s) => s.backendPreference);
  const headPreference = useTrunkStore((s) => s.headPlacementPreference);
  const setHeadPreference = useTrunkStore((s) => s.setHeadPlacementPreference);
  const [showLoader, setShowLoader] = useState(false);
  const busy = status === 'loading';

  return (
    <section className="panel trunk-panel" aria-label="Pretrained trunk">
      <div data-testid="trunk-status" data-status={status} className={`status status-${status}`}>
        {status === 'loading' && (
          <>
            <span>{stage === 'download' ? `Loading ${trunkName(selectedId)}… ${Math.round(progress * 100)}%` : 'Choosing the fastest backend…'}</span>
            <progress data-testid="trunk-progress" max={1} value={stage === 'download' ? progress : undefined} aria-label="Loading the trunk" />
          </>
        )}
        {status === 'ready' && info && (
          <span>
            {trunkName(info.id)} ready: {info.embeddingSize} features per image.
          </span>
        )}
        {(status === 'missing' || status === 'error') && <span role="alert">{message}</span>}
      </div>
      {/* Technical detail a class rarely needs: which trunk, which backend, the renderer, the load time. */}
      <details className="tech-details" data-testid="trunk-details">
        <summary>Details</summary>
        <div className="row">
          <label>
            Pretrained trunk{' '}
            <select data-testid="trunk-select" value={TRUNKS.some((t) => t.id === selectedId) ? selectedId : ''} disabled={busy} onChange={(e) => void loadInstalledTrunk(e.target.value)}>
              {!TRUNKS.some((t) => t.id === selectedId) && <option value="">{selectedId ? 'Custom trunk' : 'Choose…'}</option>}
              {TRUNKS.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.name}
                </option>
              ))}
            </select>
          </label>
          <label>
            Backend{' '}
            <select data-testid="backend-select" value={preference} disabled={busy} onChange={(e) => void switchBackend(e.target.value as BackendPreference)}>
              {BACKEND_OPTIONS.map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ))}
            </select>
          </label>
          {status === 'ready' && info && GPU_BACKENDS.has(info.backend.backend) && (
            <label>
              Head trains on{' '}
              <select data-testid="head-placement-select" value={headPreference} onChange={(e) => setHeadPreference(e.target.value as HeadPlacementPreference)}>
                {HEAD_PLACEMENT_OPTIONS.map((o) => (
                  <option key={o.value} value={o.value}>
                    {o.label}
                  </option>
                ))}
              </select>
            </label>
          )}
          <button type="button" className="link" data-testid="trunk-load-other" onClick={() => setShowLoader((v) => !v)}>
            {showLoader ? 'Hide' : 'Load a trunk from a URL or files…'}
          </button>
        </div>
        {status === 'ready' && info ? (
          <p data-testid="backend-status" data-backend={info.backend.backend} className="muted backend-status">
            Running on <strong>{info.backend.backend}</strong>. {info.backend.reason}{' '}
            <span data-testid="head-placement-status">{headPlacementText(info.backend, headPreference)}</span> Loaded in{' '}
            {(info.loadMs / 1000).toFixed(1)} s.
          </p>
        ) : (
          <p className="muted backend-status" aria-hidden />
        )}
      </details>
      {(showLoader || status === 'missing') && <LoadTrunkForm />}
    </section>
  );
}
