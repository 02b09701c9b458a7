import { describe, expect, it } from 'vitest';
import { CATALOGUES } from './catalogues';
import type { Catalogue } from './pseudo';

/** Every key path of a catalogue with its string. */
function flatten(catalogue: Catalogue, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(catalogue)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else for (const [p, v] of flatten(value, path)) out.set(p, v);
  }
  return out;
}

const placeholders = (text: string) => [...text.matchAll(/\{\{\s*([\w.]+)[^}]*\}\}|<(\d+)>/g)].map((m) => m[1] ?? `<${m[2]}>`).sort();

/** Plural forms differ by language (French has _one/_many/_other, English _one/_other). */
const baseKey = (key: string) => key.replace(/_(zero|one|two|few|many|other)$/, '');

describe('message catalogues', () => {
  const english = CATALOGUES.en;
  for (const lng of ['es', 'fr'] as const) {
    for (const ns of Object.keys(english) as (keyof typeof english)[]) {
      it(`${lng}/${ns} has every English key, no other, with the same placeholders`, () => {
        const source = flatten(english[ns]);
        const target = flatten(CATALOGUES[lng][ns]);
        const sourceBases = new Set([...source.keys()].map(baseKey));
        const targetBases = new Set([...target.keys()].map(baseKey));
        expect([...targetBases].sort()).toEqual([...sourceBases].sort());
        for (const [key, text] of target) {
          const english = source.get(key) ?? source.get(`${baseKey(key)}_other`) ?? source.get(baseKey(key));
          expect(english, `${lng}/${ns}:${key} has no English source`).toBeDefined();
          expect(text.trim().length, `${lng}/${ns}:${key} is empty`).toBeGreaterThan(0);
          expect(placeholders(text), `${lng}/${ns}:${key}`).toEqual(placeholders(english!));
        }
      });
    }
  }
});
