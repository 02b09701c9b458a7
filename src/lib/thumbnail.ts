// Small centre-cropped thumbnails for the class grid, drawn from an already decoded bitmap.
// Runs wherever OffscreenCanvas exists: the inspection worker makes them off the main thread.
export const THUMBNAIL_SIZE = 96;

export interface ThumbnailResult {
  url: string;
  width: number;
  height: number;
}

/** A `size`x`size` JPEG of the bitmap's centre square. */
export async function drawThumbnail(bitmap: ImageBitmap, size = THUMBNAIL_SIZE): Promise<Blob> {
  const side = Math.min(bitmap.width, bitmap.height);
  const sx = (bitmap.width - side) / 2;
  const sy = (bitmap.height - side) / 2;
  const canvas = new OffscreenCanvas(size, size);
  const context = canvas.getContext('2d');
  if (!context) throw new Error('no 2D canvas is available');
  context.imageSmoothingQuality = 'high';
  context.drawImage(bitmap, sx, sy, side, side, 0, 0, size, size);
  return canvas.convertToBlob({ type: 'image/jpeg', quality: 0.8 });
}

/** Decodes `file` here and returns its thumbnail as an object URL (the caller revokes it). */
export async function makeThumbnail(file: Blob, size = THUMBNAIL_SIZE): Promise<ThumbnailResult> {
  const bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
  try {
    const blob = await drawThumbnail(bitmap, size);
    return { url: URL.createObjectURL(blob), width: bitmap.width, height: bitmap.height };
  } finally {
    bitmap.close();
  }
}
