// What a message to a worker can transfer rather than copy.
import type { ImageBytes } from '../protocol';

/** The ArrayBuffers among images' bytes: what a message can transfer (a Blob travels as a handle). */
export function transferableBytes(images: ImageBytes[]): ArrayBuffer[] {
  return images.flatMap((image) => (image.bytes instanceof ArrayBuffer ? [image.bytes] : []));
}
