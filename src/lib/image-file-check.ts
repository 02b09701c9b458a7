// Decides, per file, whether it can become a training image, and says why not when it cannot.
import { makeThumbnail, type ThumbnailResult } from './thumbnail';

/** What browsers decode; HEIC, SVG, PDF and the rest are refused with their type named. */
export const ACCEPTED_IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/gif', 'image/bmp', 'image/avif'];

export type FileCheck = { ok: true; thumbnail: ThumbnailResult } | { ok: false; reason: string };

export async function checkImageFile(file: File): Promise<FileCheck> {
  if (file.size === 0) return { ok: false, reason: 'empty file (0 bytes)' };
  if (file.type && !ACCEPTED_IMAGE_TYPES.includes(file.type)) {
    return { ok: false, reason: `not a supported image type (${file.type}); use JPEG, PNG, WebP, GIF, BMP or AVIF` };
  }
  try {
    return { ok: true, thumbnail: await makeThumbnail(file) };
  } catch {
    return { ok: false, reason: 'could not be decoded: the file is corrupt, truncated or not an image' };
  }
}
