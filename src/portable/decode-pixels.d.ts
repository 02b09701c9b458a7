import type { PixelImage } from './preprocess-pixels.js';

export declare const MAX_DECODED_SHORT_SIDE: number;
export declare class ImageDecodeError extends Error {
  constructor(message: string);
}
export declare function decodePixels(source: Blob | ImageBitmapSource, maxShortSide?: number): Promise<PixelImage>;
export declare function bitmapToPixels(bitmap: ImageBitmap, maxShortSide?: number): PixelImage;
