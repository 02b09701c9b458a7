import type * as tfjs from '@tensorflow/tfjs';

/** Decoded pixels: RGBA, row-major, 4 bytes per pixel. */
export interface PixelImage {
  width: number;
  height: number;
  data: Uint8ClampedArray | Uint8Array;
}

export declare const SCALE_DIVISOR: number;
export declare function centreCropBox(width: number, height: number): { x: number; y: number; size: number };
export declare function assertValidPixelImage(image: PixelImage, index: number): void;
export declare function centreCropRgb(image: PixelImage): { size: number; rgb: Float32Array };
export declare function preprocessPixels(tf: typeof tfjs, images: PixelImage[], imageSize: number): tfjs.Tensor4D;
export declare function preprocessedValues(images: PixelImage[], imageSize: number): Float32Array;
export declare function writeCropResized(image: PixelImage, outSize: number, out: Float32Array, offset: number): void;
