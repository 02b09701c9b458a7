// Opens a zip for the page: the bytes are read, checked against the limits and unpacked in the zip
// worker (zip-read.worker.ts), so neither a big zip nor a zip bomb blocks the page. Where no
// worker can start (unit tests on Node) the same code runs in this thread.
import { wrap, type Remote } from 'comlink';
import { unpackZip, ZipReadError, type ZipFile } from './zip-read';
import type { ZipReadApi } from './zip-read.worker';

export { ZipReadError, type ZipFile };

interface ZipWorker {
  remote: Remote<ZipReadApi>;
  /** Rejects when the worker dies (out of memory, script failed to load). */
  died: Promise<never>;
  worker: Worker;
}

let current: ZipWorker | null = null;

function zipWorker(): ZipWorker | null {
  if (typeof Worker === 'undefined') return null;
  if (!current) {
    const worker = new Worker(new URL('./zip-read.worker.ts', import.meta.url), { type: 'module', name: 'transfer-lab-zip' });
    const died = new Promise<never>((_, reject) =>
      worker.addEventListener('error', (event) => reject(new Error(event.message || 'the zip reader stopped'))),
    );
    died.catch(() => undefined);
    current = { remote: wrap<ZipReadApi>(worker), died, worker };
  }
  return current;
}

/** Every file in the zip (folders left out), or a ZipReadError that names the zip and the reason. */
export async function readZip(file: Blob, zipName: string): Promise<ZipFile[]> {
  const reader = zipWorker();
  if (!reader) return unpackZip(new Uint8Array(await file.arrayBuffer()), zipName);
  let outcome;
  try {
    outcome = await Promise.race([reader.remote.unpack(file, zipName), reader.died]);
  } catch (error) {
    // A dead worker is replaced on the next zip.
    if (current === reader) current = null;
    reader.worker.terminate();
    throw new ZipReadError(
      zipName,
      `could not be unpacked: the zip reader stopped (${error instanceof Error ? error.message : String(error)}); try again, or unzip it yourself and add the folder.`,
      'damaged',
    );
  }
  if (!outcome.ok) throw new ZipReadError(zipName, outcome.reason, outcome.kind);
  return outcome.files;
}

/** The files by path, for readers that look entries up by name. */
export function filesByName(files: ZipFile[]): Record<string, Uint8Array<ArrayBuffer>> {
  return Object.fromEntries(files.map((f) => [f.name, f.bytes]));
}
