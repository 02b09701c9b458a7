/**
 * The languages the interface speaks. English is the source; Spanish and French were chosen for
 * classroom reach (the two most taught school languages after English, and the first languages of
 * most classrooms in Latin America, Spain, France and francophone Africa). `en-XA` is a
 * pseudo-locale for tests: every English string, visibly transformed, so a string that was not
 * moved into a catalogue stands out.
 */
export const UI_LANGUAGES = [
  { code: 'en', name: 'English' },
  { code: 'es', name: 'Español' },
  { code: 'fr', name: 'Français' },
] as const;

export type UiLanguage = (typeof UI_LANGUAGES)[number]['code'];

export const PSEUDO_LOCALE = 'en-XA';

export const SOURCE_LANGUAGE: UiLanguage = 'en';

/** Where the user's own choice is kept, so it outlives a reload. */
export const LANGUAGE_STORAGE_KEY = 'transfer-lab-language';

export function isUiLanguage(code: string): code is UiLanguage {
  return UI_LANGUAGES.some((language) => language.code === code);
}
