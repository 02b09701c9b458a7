import { describe, expect, it } from 'vitest';
import { pseudoCatalogue, pseudoLocalize } from './pseudo';

describe('pseudoLocalize', () => {
  it('brackets the text and replaces every ASCII letter', () => {
    const out = pseudoLocalize('Train the model');
    expect(out.startsWith('⟦') && out.endsWith('⟧')).toBe(true);
    expect(out).not.toMatch(/[A-Za-z]/);
    expect(out).toBe('⟦Ţŕáíñ ţĥé ɱóďéļ⟧');
  });

  it('keeps placeholders, nesting and Trans tags as they are', () => {
    expect(pseudoLocalize('{{count}} photos in <1>{{label}}</1>')).toBe('⟦{{count}} þĥóţóš íñ <1>{{label}}</1>⟧');
    expect(pseudoLocalize('see $t(common:appName)')).toBe('⟦šéé $t(common:appName)⟧');
  });

  it('leaves digits and punctuation alone and empty strings empty', () => {
    expect(pseudoLocalize('50 epochs, 0.001!')).toBe('⟦50 éþóçĥš, 0.001!⟧');
    expect(pseudoLocalize('')).toBe('');
  });

  it('maps a nested catalogue key for key', () => {
    expect(pseudoCatalogue({ a: 'Hi', b: { c: 'Yo' } })).toEqual({ a: '⟦Ĥí⟧', b: { c: '⟦Ýó⟧' } });
  });
});
