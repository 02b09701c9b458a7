import { en } from './locales/en';
import { es } from './locales/es';
import { fr } from './locales/fr';
import { pseudoCatalogue, type Catalogue } from './pseudo';
import { PSEUDO_LOCALE, type UiLanguage } from './languages';

/** English is the source: every other catalogue must have exactly its keys (catalogues.test.ts). */
export type Namespaces = typeof en;
export type NamespaceName = keyof Namespaces;

export const CATALOGUES: Record<UiLanguage, Record<NamespaceName, Catalogue>> = { en, es, fr };

export function pseudoCatalogues(): Record<NamespaceName, Catalogue> {
  const out = {} as Record<NamespaceName, Catalogue>;
  for (const ns of Object.keys(en) as NamespaceName[]) out[ns] = pseudoCatalogue(en[ns]);
  return out;
}

export const NAMESPACES = Object.keys(en) as NamespaceName[];
export { PSEUDO_LOCALE };
