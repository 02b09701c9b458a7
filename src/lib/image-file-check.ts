// Decides, per file, whether it can become a training image, and says why not when it cannot.
// The content decides (magic bytes and a real decode), not the name or the browser-supplied type.
import type { ImageFormat } from './image-sniff';
import { inspectImageFile } from './image-inspect-client';
import type { ThumbnailResult } from './thumbnail';

/** What browsers decode; HEIC, SVG, PDF, text and the rest are refused with their kind named. */
export const ACCEPTED_IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/gif', 'image/bmp', 'image/avif'];

export type FileCheck =
  | { ok: true; thumbnail: ThumbnailResult; format: ImageFormat; type: string; sha256: string }
  | { ok: false; reason: string };

/** Checks one file; an accepted file's thumbnail comes as an object URL the caller revokes. */
export async function checkImageFile(file: File): Promise<FileCheck> {
  const inspection = await inspectImageFile(file);
  if (!inspection.ok) return { ok: false, reason: inspection.reason };
  const { thumbnail, width, height, format, type, sha256 } = inspection;
  return { ok: true, thumbnail: { url: URL.createObjectURL(thumbnail), width, height }, format, type, sha256 };
}
