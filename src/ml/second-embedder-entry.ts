// The decode worker's entry into src/ml for the second embedder, its copy of the folded trunk (a
// chunk it loads only on wasm). Through index.ts that chunk grew by 97 kB (UMAP, kept because it has side effects).
export { foldedTrunkFromPortable, type PortableFoldedTrunk } from './folded-trunk-portable';
export type { FoldedTrunk } from './folded-trunk';
export { stackWithMirrors } from './mirror-stack';
