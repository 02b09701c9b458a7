export { i18n, setUiLanguage, supportedLanguage, t } from './i18n';
export { UI_LANGUAGES, PSEUDO_LOCALE, type UiLanguage } from './languages';
export { pseudoLocalize, PSEUDO_OPEN, PSEUDO_CLOSE } from './pseudo';
