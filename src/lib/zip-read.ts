// Opens a .zip without blocking the page: fflate inflates on its own worker threads.
import { unzip } from 'fflate';

export class NotAZipError extends Error {}

export function readZip(bytes: Uint8Array): Promise<Record<string, Uint8Array>> {
  return new Promise((resolve, reject) => {
    unzip(bytes, (error, entries) => {
      if (error) reject(new NotAZipError('it is not a zip archive, or the archive is damaged'));
      else resolve(entries);
    });
  });
}

/** True when the bytes start like a zip archive (local file header or empty archive). */
export function looksLikeZip(head: Uint8Array): boolean {
  return head.length >= 4 && head[0] === 0x50 && head[1] === 0x4b && (head[2] === 0x03 || head[2] === 0x05) && (head[3] === 0x04 || head[3] === 0x06);
}
