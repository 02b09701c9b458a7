// Makes a small centre-cropped thumbnail for the class grid. Decoding it also proves the browser
// can read the file, so a non-image is refused before it reaches a class.
export const THUMBNAIL_SIZE = 96;

export interface ThumbnailResult {
  url: string;
  width: number;
  height: number;
}

export async function makeThumbnail(file: Blob, size = THUMBNAIL_SIZE): Promise<ThumbnailResult> {
  const bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
  try {
    const side = Math.min(bitmap.width, bitmap.height);
    const sx = (bitmap.width - side) / 2;
    const sy = (bitmap.height - side) / 2;
    const canvas = new OffscreenCanvas(size, size);
    const context = canvas.getContext('2d');
    if (!context) throw new Error('no 2D canvas is available');
    context.imageSmoothingQuality = 'high';
    context.drawImage(bitmap, sx, sy, side, side, 0, 0, size, size);
    const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.8 });
    return { url: URL.createObjectURL(blob), width: bitmap.width, height: bitmap.height };
  } finally {
    bitmap.close();
  }
}
