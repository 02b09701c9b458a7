/// <reference types="vite-plugin-pwa/react" />
import { useRegisterSW } from 'virtual:pwa-register/react';

/**
 * The service worker's two messages: "works offline" once the app, its wasm and the default trunk
 * are stored, and "a new version is ready", which reloads only when the user says so (the project
 * is autosaved, so the reload loses nothing; a running training would stop, hence the choice).
 */
export function UpdateBanner() {
  const {
    needRefresh: [needRefresh, setNeedRefresh],
    offlineReady: [offlineReady],
    updateServiceWorker,
  } = useRegisterSW({
    // Browsers without service workers (or with them blocked) simply stay online-only.
    onRegisterError: () => undefined,
  });
  return (
    <>
      {offlineReady && (
        <p className="offline-status" data-testid="offline-status" role="status">
          Works offline
        </p>
      )}
      {needRefresh && (
        <div className="update-banner" data-testid="update-banner" role="alert">
          <p>A new version of Transfer Lab is ready. Your project is saved in this browser; reload to use the new version.</p>
          <div className="row">
            <button type="button" className="primary" data-testid="update-reload" onClick={() => void updateServiceWorker(true)}>
              Reload now
            </button>
            <button type="button" data-testid="update-later" onClick={() => setNeedRefresh(false)}>
              Later
            </button>
          </div>
        </div>
      )}
    </>
  );
}
