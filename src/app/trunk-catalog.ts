// The trunks the app knows, and which of them the install script put under public/models.
import catalog from '../ml/trunk-catalog.json';

export interface CatalogTrunk {
  id: string;
  name: string;
  canonicalUrl: string;
  imageSize: number;
  embeddingSize: number;
}

export const TRUNKS: CatalogTrunk[] = catalog.trunks;
export const DEFAULT_TRUNK_ID: string = catalog.defaultTrunkId;

export function installedTrunkUrl(id: string): string {
  return `${import.meta.env.BASE_URL}models/${id}/model.json`;
}

/** Ids listed as installed in public/models/index.json (written by `npm run models`). */
export async function fetchInstalledTrunkIds(): Promise<Set<string>> {
  try {
    const response = await fetch(`${import.meta.env.BASE_URL}models/index.json`, { cache: 'no-cache' });
    if (!response.ok) return new Set();
    const index = (await response.json()) as { trunks?: { id: string; installed: boolean }[] };
    return new Set((index.trunks ?? []).filter((t) => t.installed).map((t) => t.id));
  } catch {
    return new Set();
  }
}

export function trunkName(id: string): string {
  return TRUNKS.find((t) => t.id === id)?.name ?? id;
}
