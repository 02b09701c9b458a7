/**
 * Pseudo-localisation: the English text with every letter swapped for an accented look-alike and
 * the whole wrapped in ⟦ ⟧. It stays readable, and a hard-coded string (no brackets, plain
 * letters) stands out to a test. Interpolation placeholders ({{count}}), nesting ($t(...)) and
 * the tags that <Trans> fills (<1>…</1>) are kept as they are, or i18next could not fill them.
 */
const ACCENTED: Record<string, string> = {
  a: 'á',
  b: 'ƀ',
  c: 'ç',
  d: 'ď',
  e: 'é',
  f: 'ƒ',
  g: 'ĝ',
  h: 'ĥ',
  i: 'í',
  j: 'ĵ',
  k: 'ķ',
  l: 'ļ',
  m: 'ɱ',
  n: 'ñ',
  o: 'ó',
  p: 'þ',
  q: 'ǫ',
  r: 'ŕ',
  s: 'š',
  t: 'ţ',
  u: 'ú',
  v: 'ṽ',
  w: 'ŵ',
  x: 'ẋ',
  y: 'ý',
  z: 'ž',
  A: 'Á',
  B: 'Ɓ',
  C: 'Ç',
  D: 'Ď',
  E: 'É',
  F: 'Ƒ',
  G: 'Ĝ',
  H: 'Ĥ',
  I: 'Í',
  J: 'Ĵ',
  K: 'Ķ',
  L: 'Ļ',
  M: 'Ṁ',
  N: 'Ñ',
  O: 'Ó',
  P: 'Þ',
  Q: 'Ǫ',
  R: 'Ŕ',
  S: 'Š',
  T: 'Ţ',
  U: 'Ú',
  V: 'Ṽ',
  W: 'Ŵ',
  X: 'Ẋ',
  Y: 'Ý',
  Z: 'Ž',
};

export const PSEUDO_OPEN = '⟦';
export const PSEUDO_CLOSE = '⟧';

/** Placeholders, nested keys and <Trans> tags: copied unchanged. */
const PROTECTED = /(\{\{[^}]*\}\}|\$t\([^)]*\)|<\/?\d+\s*\/?>|<\/?[a-z]+\s*\/?>)/g;

export function pseudoLocalize(text: string): string {
  if (text.length === 0) return text;
  const parts = text.split(PROTECTED);
  const body = parts.map((part, i) => (i % 2 === 1 ? part : part.replace(/[A-Za-z]/g, (ch) => ACCENTED[ch] ?? ch))).join('');
  return `${PSEUDO_OPEN}${body}${PSEUDO_CLOSE}`;
}

export type Catalogue = { [key: string]: string | Catalogue };

/** The same tree of keys with every string pseudo-localised. */
export function pseudoCatalogue(source: Catalogue): Catalogue {
  const out: Catalogue = {};
  for (const [key, value] of Object.entries(source)) {
    out[key] = typeof value === 'string' ? pseudoLocalize(value) : pseudoCatalogue(value);
  }
  return out;
}
