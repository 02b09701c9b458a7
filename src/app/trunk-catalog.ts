// The trunks the app knows, and which of them the install script put under public/models.
import catalog from '../ml/trunk-catalog.json';
import type { TrunkSource } from '../protocol';

export interface CatalogTrunk {
  id: string;
  name: string;
  canonicalUrl: string;
  /**
   * Take the image features from this layer (then average them), whatever the file holds after
   * it: MobileNet V1 α1.0 is whole at its canonical URL but cut after block 12 in the local
   * mirror, and both must give the same trunk (ml/trunk-cut.ts). Absent: the usual cut (ml/trunk.ts).
   */
  cutLayer?: string;
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

/** How to load catalogue trunk `trunk` from `url` (its installed copy or its canonical URL), with its cut if it has one. */
export function catalogTrunkSource(trunk: CatalogTrunk, url: string): TrunkSource {
  return trunk.cutLayer
    ? { kind: 'url', id: trunk.id, url, cut: { layer: trunk.cutLayer, trunkName: trunk.name } }
    : { kind: 'url', id: trunk.id, url };
}

/**
 * The catalogue trunk with a cut whose canonical URL this is, if any. Typed in by hand, that URL
 * must give the catalogue's trunk (cut where the catalogue says, under its id), not the whole
 * model's usual cut: for MobileNet V1 α1.0 that would be one block later, other embeddings.
 */
export function cutCatalogTrunkAt(url: string): CatalogTrunk | undefined {
  return TRUNKS.find((t) => t.cutLayer !== undefined && t.canonicalUrl === url);
}
