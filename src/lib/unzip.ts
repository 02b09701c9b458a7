// Reads the files out of a .zip in memory (fflate), skipping folders and macOS resource forks.
import { unzipSync } from 'fflate';

export interface UnzippedFile {
  name: string;
  bytes: ArrayBuffer;
}

export class UnzipError extends Error {}

export function readZip(bytes: ArrayBuffer, zipName: string): UnzippedFile[] {
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(new Uint8Array(bytes));
  } catch {
    throw new UnzipError(`${zipName} cannot be opened as a .zip: it is damaged or not a zip file.`);
  }
  return Object.entries(entries)
    .filter(([name]) => !name.endsWith('/') && !name.startsWith('__MACOSX/'))
    .map(([name, data]) => ({ name, bytes: data.slice().buffer }));
}
