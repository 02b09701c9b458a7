import { useTranslation } from 'react-i18next';
import { PSEUDO_LOCALE, UI_LANGUAGES, setUiLanguage } from '../../lib/i18n';

/** The interface language; the browser's language picks one first, this overrides it. */
export function LanguagePicker() {
  const { t, i18n } = useTranslation('common');
  const current = i18n.language;
  return (
    <label className="language-picker">
      <span>{t('language')}</span>{' '}
      <select data-testid="language-picker" value={current} onChange={(event) => void setUiLanguage(event.target.value)}>
        {UI_LANGUAGES.map((language) => (
          <option key={language.code} value={language.code} lang={language.code}>
            {language.name}
          </option>
        ))}
        {current === PSEUDO_LOCALE && <option value={PSEUDO_LOCALE}>{PSEUDO_LOCALE}</option>}
      </select>
    </label>
  );
}
