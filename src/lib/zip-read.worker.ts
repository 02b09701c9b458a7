// The zip reader's own worker (one for the page, entries inflated one after another): a zip of
// thousands of files never blocks the page, and never starts a worker per entry.
import { expose, transfer } from 'comlink';
import { unpackZip, ZipReadError, type ZipFile } from './zip-read';

export type ZipReadOutcome = { ok: true; files: ZipFile[] } | { ok: false; reason: string; kind: ZipReadError['kind'] };

export type ZipReadApi = { unpack(file: Blob, zipName: string): Promise<ZipReadOutcome> };

const api: ZipReadApi = {
  async unpack(file, zipName) {
    try {
      const files = unpackZip(new Uint8Array(await file.arrayBuffer()), zipName);
      return transfer(
        { ok: true, files },
        files.map((f) => f.bytes.buffer),
      );
    } catch (error) {
      // Errors cross the worker boundary as plain data, so the page can rebuild the same ZipReadError.
      if (error instanceof ZipReadError) return { ok: false, reason: error.reason, kind: error.kind };
      return { ok: false, reason: `could not be unpacked (${error instanceof Error ? error.message : String(error)}).`, kind: 'damaged' };
    }
  },
};
expose(api);
