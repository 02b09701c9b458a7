import i18next, { type i18n as I18n } from 'i18next';
import LanguageDetector from 'i18next-browser-languagedetector';
import { initReactI18next } from 'react-i18next';
import { CATALOGUES, NAMESPACES, pseudoCatalogues } from './catalogues';
import { LANGUAGE_STORAGE_KEY, PSEUDO_LOCALE, SOURCE_LANGUAGE, isUiLanguage } from './languages';

/**
 * Maps what the browser (or ?lang=) asks for onto a language we have: `es-MX` → `es`,
 * `pt-BR` → `en`. The pseudo-locale is kept as it is.
 */
export function supportedLanguage(requested: string | null | undefined): string {
  if (!requested) return SOURCE_LANGUAGE;
  if (requested.toLowerCase() === PSEUDO_LOCALE.toLowerCase()) return PSEUDO_LOCALE;
  const primary = requested.toLowerCase().split(/[-_]/)[0];
  return isUiLanguage(primary) ? primary : SOURCE_LANGUAGE;
}

const inBrowser = typeof window !== 'undefined' && typeof document !== 'undefined';

/**
 * One i18next instance for the page, initialised synchronously on import with every catalogue
 * bundled (the app must work offline, so nothing is fetched). Order of choice: `?lang=` in the
 * address, then the user's own pick (localStorage), then the browser's languages.
 */
export const i18n: I18n = i18next.createInstance();

const resources = {
  ...Object.fromEntries(Object.entries(CATALOGUES).map(([lng, namespaces]) => [lng, namespaces])),
  [PSEUDO_LOCALE]: pseudoCatalogues(),
};

if (inBrowser) i18n.use(LanguageDetector);
void i18n.use(initReactI18next).init({
  initAsync: false,
  resources,
  ns: NAMESPACES,
  defaultNS: 'common',
  fallbackLng: SOURCE_LANGUAGE,
  supportedLngs: [...Object.keys(CATALOGUES), PSEUDO_LOCALE],
  load: 'currentOnly',
  lng: inBrowser ? undefined : SOURCE_LANGUAGE,
  interpolation: { escapeValue: false }, // React escapes already
  returnNull: false,
  detection: {
    order: ['querystring', 'localStorage', 'navigator'],
    lookupQuerystring: 'lang',
    lookupLocalStorage: LANGUAGE_STORAGE_KEY,
    caches: [], // only an explicit pick is remembered (setUiLanguage)
    convertDetectedLanguage: supportedLanguage,
  },
});

function followDocumentLanguage(lng: string): void {
  if (!inBrowser) return;
  document.documentElement.lang = lng;
}
followDocumentLanguage(i18n.language);
i18n.on('languageChanged', followDocumentLanguage);

/** The user's explicit pick: applied now and remembered for the next visit. */
export async function setUiLanguage(lng: string): Promise<void> {
  const chosen = supportedLanguage(lng);
  try {
    localStorage.setItem(LANGUAGE_STORAGE_KEY, chosen);
  } catch {
    // private mode or storage full: the pick still applies to this visit
  }
  await i18n.changeLanguage(chosen);
}

/** For code outside React (flows that write notices): the current language's text for a key. */
export const t: I18n['t'] = i18n.t.bind(i18n);
