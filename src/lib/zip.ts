// Bundles files into a .zip in memory (fflate: small, fast, maintained).
import { strToU8, zipSync, type Zippable } from 'fflate';

export type ZipEntries = Record<string, string | Uint8Array | ArrayBuffer>;

export function createZip(entries: ZipEntries): Uint8Array {
  const zippable: Zippable = {};
  for (const [name, content] of Object.entries(entries)) {
    zippable[name] = typeof content === 'string' ? strToU8(content) : content instanceof Uint8Array ? content : new Uint8Array(content);
  }
  return zipSync(zippable, { level: 6 });
}
