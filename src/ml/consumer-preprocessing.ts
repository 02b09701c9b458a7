import * as tf from '@tensorflow/tfjs';
import type { PixelImage } from './preprocess';

/**
 * The tensor half of how other tools prepare an image, so this app can measure what their
 * preprocessing does to a model's probabilities. The canvas half (decoding and drawing the
 * image the way each tool does) is in src/lib/consumer-pixels.ts.
 *
 * - @teachablemachine/image 0.8 (`capture` in src/utils/tf.ts): canvas pixels of the cropped
 *   square, x / 127 - 1.
 * - ml5 1.x imageClassifier with a model URL (`imgToTensor`): the whole image, resizeBilinear to
 *   224x224 with tfjs's defaults (no corner alignment, no half-pixel centres), x / 127 - 1.
 */

export const CONSUMER_SCALE_DIVISOR = 127;

function rgbTensor(image: PixelImage): tf.Tensor4D {
  const { width, height, data } = image;
  if (data.length !== width * height * 4) throw new Error(`Image is ${width}x${height} but has ${data.length} RGBA bytes.`);
  return tf.tidy(
    () =>
      tf
        .tensor4d(Uint8Array.from(data), [1, height, width, 4], 'int32')
        .slice([0, 0, 0, 0], [1, height, width, 3])
        .toFloat() as tf.Tensor4D,
  );
}

/** Teachable Machine: an already cropped and resized square, scaled x / 127 - 1. */
export function teachableMachineInput(square: PixelImage): tf.Tensor4D {
  if (square.width !== square.height)
    throw new Error(`Teachable Machine's capture expects a square, got ${square.width}x${square.height}.`);
  return tf.tidy(() => tf.sub(tf.div(rgbTensor(square), CONSUMER_SCALE_DIVISOR), 1) as tf.Tensor4D);
}

/** ml5: the whole image squashed to size x size (aspect ratio not kept), scaled x / 127 - 1. */
export function ml5Input(image: PixelImage, size: number): tf.Tensor4D {
  return tf.tidy(() => {
    const squashed = tf.image.resizeBilinear(rgbTensor(image), [size, size]);
    return tf.sub(tf.div(squashed, CONSUMER_SCALE_DIVISOR), 1) as tf.Tensor4D;
  });
}

/** Input prepared this app's way (x / 127.5 - 1) turned into what x / 127 - 1 would have given. */
export function rescaleTo127(batch: tf.Tensor4D): tf.Tensor4D {
  return tf.tidy(() => tf.sub(tf.div(tf.mul(tf.add(batch, 1), 127.5), CONSUMER_SCALE_DIVISOR), 1) as tf.Tensor4D);
}
