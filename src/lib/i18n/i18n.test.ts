import { describe, expect, it } from 'vitest';
import { i18n, supportedLanguage, t } from './i18n';

describe('supportedLanguage', () => {
  it('maps regional variants onto the languages we have', () => {
    expect(supportedLanguage('es-MX')).toBe('es');
    expect(supportedLanguage('fr_CA')).toBe('fr');
    expect(supportedLanguage('EN-gb')).toBe('en');
  });
  it('falls back to English for a language we do not have, or none', () => {
    expect(supportedLanguage('pt-BR')).toBe('en');
    expect(supportedLanguage('')).toBe('en');
    expect(supportedLanguage(undefined)).toBe('en');
  });
  it('keeps the pseudo-locale', () => {
    expect(supportedLanguage('en-xa')).toBe('en-XA');
  });
});

describe('the i18n instance outside a browser', () => {
  it('starts in English, synchronously, and switches language', async () => {
    expect(t('common:dismiss')).toBe('Dismiss');
    await i18n.changeLanguage('es');
    expect(t('common:dismiss')).toBe('Cerrar');
    await i18n.changeLanguage('en-XA');
    expect(t('common:dismiss')).toBe('⟦Ďíšɱíšš⟧');
    await i18n.changeLanguage('en');
  });
});
