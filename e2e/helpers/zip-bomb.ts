// Zips built byte by byte for the limit tests (unit and browser): a bomb of many entries of
// zeros, each deflated once and repeated (1,500 x 1 MB of zeros in ~1.7 MB, the zip measured on
// 14 November), and entries whose declared size lies. The records follow PKWARE's APPNOTE 4.3.
import { deflateSync } from 'fflate';

export interface RawEntry {
  name: string;
  /** The deflated bytes (method 8). */
  deflated: Uint8Array;
  /** What the headers declare as the unpacked size (may lie). */
  declaredSize: number;
}

export function rawZip(entries: RawEntry[]): Uint8Array<ArrayBuffer> {
  const encoder = new TextEncoder();
  const locals: Uint8Array[] = [];
  const centrals: Uint8Array[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = encoder.encode(entry.name);
    const local = new Uint8Array(30 + name.length + entry.deflated.length);
    const l = new DataView(local.buffer);
    l.setUint32(0, 0x04034b50, true);
    l.setUint16(4, 20, true);
    l.setUint16(6, 0x800, true);
    l.setUint16(8, 8, true);
    l.setUint32(18, entry.deflated.length, true);
    l.setUint32(22, entry.declaredSize, true);
    l.setUint16(26, name.length, true);
    local.set(name, 30);
    local.set(entry.deflated, 30 + name.length);
    const central = new Uint8Array(46 + name.length);
    const c = new DataView(central.buffer);
    c.setUint32(0, 0x02014b50, true);
    c.setUint16(4, 20, true);
    c.setUint16(6, 20, true);
    c.setUint16(8, 0x800, true);
    c.setUint16(10, 8, true);
    c.setUint32(20, entry.deflated.length, true);
    c.setUint32(24, entry.declaredSize, true);
    c.setUint16(28, name.length, true);
    c.setUint32(42, offset, true);
    central.set(name, 46);
    locals.push(local);
    centrals.push(central);
    offset += local.length;
  }
  const directorySize = centrals.reduce((n, c) => n + c.length, 0);
  const end = new Uint8Array(22);
  const e = new DataView(end.buffer);
  e.setUint32(0, 0x06054b50, true);
  e.setUint16(8, entries.length, true);
  e.setUint16(10, entries.length, true);
  e.setUint32(12, directorySize, true);
  e.setUint32(16, offset, true);
  const out = new Uint8Array(offset + directorySize + 22);
  let at = 0;
  for (const part of [...locals, ...centrals, end]) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** `count` entries of `entryBytes` zeros each: the zip bomb measured on today's main (1,500 x 1 MB). */
export function zerosBomb(count = 1500, entryBytes = 1024 * 1024): Uint8Array<ArrayBuffer> {
  const deflated = deflateSync(new Uint8Array(entryBytes), { level: 9 });
  return rawZip(
    Array.from({ length: count }, (_, i) => ({ name: `zeros/${String(i + 1).padStart(4, '0')}.jpg`, deflated, declaredSize: entryBytes })),
  );
}

/** One entry that declares `declaredSize` bytes but inflates to `realBytes` zeros. */
export function lyingZip(declaredSize: number, realBytes: number): Uint8Array<ArrayBuffer> {
  return rawZip([{ name: 'photo.jpg', deflated: deflateSync(new Uint8Array(realBytes)), declaredSize }]);
}
