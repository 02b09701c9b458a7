// Reads a zip's central directory: every entry's name, method and declared sizes, WITHOUT
// inflating anything, so that the limits in zip-read.ts can refuse a zip bomb before a byte is
// unpacked. fflate (which inflates the entries) reads the directory too, but only while
// inflating: its filter callback does not give the entry's data offset, so the few fixed-layout
// records are read here (PKWARE APPNOTE 6.3.10, sections 4.3.7, 4.3.12, 4.3.14-16, 4.5.3). Pure.

export interface ZipDirectoryEntry {
  name: string;
  /** 0 = stored, 8 = deflate; anything else is refused when unpacked. */
  method: number;
  /** General purpose flags; bit 0 = encrypted. */
  flags: number;
  compressedSize: number;
  /** What the directory says the entry unpacks to (checked again while inflating). */
  declaredSize: number;
  /** Offset of the entry's local header. */
  localHeaderOffset: number;
}

export interface ZipDirectory {
  /** The entry count the end record declares (read before any entry). */
  declaredCount: number;
  /** Byte offset and size of the central directory. */
  offset: number;
  size: number;
}

/** The bytes are not a readable zip; the message says what is wrong, for the user. */
export class ZipFormatError extends Error {}

const EOCD_SIGNATURE = 0x06054b50;
const ZIP64_LOCATOR_SIGNATURE = 0x07064b50;
const ZIP64_EOCD_SIGNATURE = 0x06064b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;
const EOCD_SIZE = 22;
const CENTRAL_HEADER_SIZE = 46;
const LOCAL_HEADER_SIZE = 30;
const MAX_COMMENT = 0xffff;

function view(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function u64(data: DataView, at: number): number {
  // Sizes past 2^53 are not real files; Number keeps the arithmetic simple.
  return data.getUint32(at, true) + data.getUint32(at + 4, true) * 2 ** 32;
}

function damaged(detail: string): ZipFormatError {
  return new ZipFormatError(detail);
}

/** Finds the end-of-central-directory record (and its zip64 form) and says where the directory is. */
export function readZipDirectory(bytes: Uint8Array): ZipDirectory {
  const data = view(bytes);
  const lowest = Math.max(0, bytes.length - EOCD_SIZE - MAX_COMMENT);
  let eocd = -1;
  for (let at = bytes.length - EOCD_SIZE; at >= lowest; at--) {
    if (data.getUint32(at, true) === EOCD_SIGNATURE) {
      eocd = at;
      break;
    }
  }
  if (eocd < 0) throw damaged('no end-of-archive record');
  let declaredCount = data.getUint16(eocd + 10, true);
  let size = data.getUint32(eocd + 12, true);
  let offset = data.getUint32(eocd + 16, true);
  const locator = eocd - 20;
  if (
    (declaredCount === 0xffff || size === 0xffffffff || offset === 0xffffffff) &&
    locator >= 0 &&
    data.getUint32(locator, true) === ZIP64_LOCATOR_SIGNATURE
  ) {
    const zip64 = u64(data, locator + 8);
    if (zip64 + 56 > bytes.length || data.getUint32(zip64, true) !== ZIP64_EOCD_SIGNATURE) throw damaged('bad zip64 end record');
    declaredCount = u64(data, zip64 + 32);
    size = u64(data, zip64 + 40);
    offset = u64(data, zip64 + 48);
  }
  if (offset + size > bytes.length) throw damaged('the directory lies past the end of the file');
  if (declaredCount * CENTRAL_HEADER_SIZE > size) throw damaged('the directory is shorter than its entry count');
  return { declaredCount, offset, size };
}

function decodeName(raw: Uint8Array, utf8Flag: boolean): string {
  // Many tools write UTF-8 names without setting flag bit 11; latin1 is the last resort.
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(raw);
  } catch {
    if (utf8Flag) throw damaged('a file name is not valid UTF-8');
    return Array.from(raw, (b) => String.fromCharCode(b)).join('');
  }
}

/** Every entry of the directory, in directory order (call readZipDirectory first to check the count). */
export function readZipEntries(bytes: Uint8Array, directory: ZipDirectory): ZipDirectoryEntry[] {
  const data = view(bytes);
  const entries: ZipDirectoryEntry[] = [];
  let at = directory.offset;
  const end = directory.offset + directory.size;
  for (let i = 0; i < directory.declaredCount; i++) {
    if (at + CENTRAL_HEADER_SIZE > end || data.getUint32(at, true) !== CENTRAL_SIGNATURE)
      throw damaged(`directory entry ${i + 1} is unreadable`);
    const flags = data.getUint16(at + 8, true);
    const method = data.getUint16(at + 10, true);
    let compressedSize = data.getUint32(at + 20, true);
    let declaredSize = data.getUint32(at + 24, true);
    const nameLength = data.getUint16(at + 28, true);
    const extraLength = data.getUint16(at + 30, true);
    const commentLength = data.getUint16(at + 32, true);
    let localHeaderOffset = data.getUint32(at + 42, true);
    const nameStart = at + CENTRAL_HEADER_SIZE;
    if (nameStart + nameLength + extraLength > end) throw damaged(`directory entry ${i + 1} is cut short`);
    const name = decodeName(bytes.subarray(nameStart, nameStart + nameLength), (flags & 0x800) !== 0);
    // Zip64 extra field (id 1): the 64-bit values, in this order, for each 32-bit field set to all ones.
    for (let extra = nameStart + nameLength; extra + 4 <= nameStart + nameLength + extraLength; ) {
      const id = data.getUint16(extra, true);
      const length = data.getUint16(extra + 2, true);
      if (id === 1) {
        let field = extra + 4;
        if (declaredSize === 0xffffffff && field + 8 <= extra + 4 + length) {
          declaredSize = u64(data, field);
          field += 8;
        }
        if (compressedSize === 0xffffffff && field + 8 <= extra + 4 + length) {
          compressedSize = u64(data, field);
          field += 8;
        }
        if (localHeaderOffset === 0xffffffff && field + 8 <= extra + 4 + length) localHeaderOffset = u64(data, field);
      }
      extra += 4 + length;
    }
    entries.push({ name, method, flags, compressedSize, declaredSize, localHeaderOffset });
    at = nameStart + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** Where an entry's compressed bytes start and end (after its local header). */
export function entryDataRange(bytes: Uint8Array, entry: ZipDirectoryEntry): { start: number; end: number } {
  const data = view(bytes);
  const at = entry.localHeaderOffset;
  if (at + LOCAL_HEADER_SIZE > bytes.length || data.getUint32(at, true) !== LOCAL_SIGNATURE)
    throw damaged(`"${entry.name}" has no local header`);
  const start = at + LOCAL_HEADER_SIZE + data.getUint16(at + 26, true) + data.getUint16(at + 28, true);
  const end = start + entry.compressedSize;
  if (end > bytes.length) throw damaged(`"${entry.name}" runs past the end of the file`);
  return { start, end };
}
