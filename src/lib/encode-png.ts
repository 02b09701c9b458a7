// RGBA pixels -> a PNG file, with the browser's own encoder: OffscreenCanvas where there is one
// (workers, Chromium, Firefox, Safari 16.4+), a detached <canvas> otherwise.

export interface RgbaPixels {
  width: number;
  height: number;
  data: Uint8ClampedArray;
}

export async function encodePng(pixels: RgbaPixels): Promise<Blob> {
  // ImageData wants a buffer it may keep; a copy keeps the caller's array its own.
  const image = new ImageData(new Uint8ClampedArray(pixels.data), pixels.width, pixels.height);
  if (typeof OffscreenCanvas !== 'undefined') {
    const canvas = new OffscreenCanvas(pixels.width, pixels.height);
    const context = canvas.getContext('2d');
    if (!context) throw new Error('This browser cannot draw pictures (no 2D canvas).');
    context.putImageData(image, 0, 0);
    return canvas.convertToBlob({ type: 'image/png' });
  }
  const canvas = document.createElement('canvas');
  canvas.width = pixels.width;
  canvas.height = pixels.height;
  const context = canvas.getContext('2d');
  if (!context) throw new Error('This browser cannot draw pictures (no 2D canvas).');
  context.putImageData(image, 0, 0);
  return new Promise((resolve, reject) =>
    canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('The picture could not be encoded as PNG.'))), 'image/png'),
  );
}
