/// <reference types="vite-plugin-pwa/react" />
import { useTranslation } from 'react-i18next';
import { useRegisterSW } from 'virtual:pwa-register/react';

/**
 * The service worker's two messages: "works offline" once the app, its wasm and the default trunk
 * are stored, and "a new version is ready", which reloads only when the user says so (the project
 * is autosaved, so the reload loses nothing; a running training would stop, hence the choice).
 */
export function UpdateBanner() {
  const { t } = useTranslation('shell');
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
          {t('worksOffline')}
        </p>
      )}
      {needRefresh && (
        <div className="update-banner" data-testid="update-banner" role="alert">
          <p>{t('updateReady')}</p>
          <div className="row">
            <button type="button" className="primary" data-testid="update-reload" onClick={() => void updateServiceWorker(true)}>
              {t('reloadNow')}
            </button>
            <button type="button" data-testid="update-later" onClick={() => setNeedRefresh(false)}>
              {t('later')}
            </button>
          </div>
        </div>
      )}
    </>
  );
}
