import type { PixelImage } from './preprocess-pixels.js';

export declare const MAX_DECODED_SHORT_SIDE: number;
export declare class ImageDecodeError extends Error {
  constructor(message: string);
}
export declare function reducedDecodeWidth(width: number, height: number, shortSide: number): number | null;
export declare function decodePixels(source: Blob | ImageBitmapSource, maxShortSide?: number, storedSize?: { width: number; height: number } | null): Promise<PixelImage>;
export declare function bitmapToPixels(bitmap: ImageBitmap, maxShortSide?: number): PixelImage;
