// Transfer Lab's image preprocessing: centre square crop, bilinear resize with half-pixel
// centres, x / 127.5 - 1. The app's ML worker runs this file (bundled) for training, Try-it and
// every measurement, and the standalone example in the export zip ships it unchanged next to
// tf.min.js, so both classify with the same code, not with two copies that could drift apart.
// Plain JavaScript with no imports: the caller passes the TensorFlow.js namespace.

/** x / SCALE_DIVISOR - 1 maps 0..255 to [-1, 1]. */
export const SCALE_DIVISOR = 127.5;

/** The largest centred square; odd leftovers go to the right/bottom edge. */
export function centreCropBox(width, height) {
  const size = Math.min(width, height);
  return { x: Math.floor((width - size) / 2), y: Math.floor((height - size) / 2), size };
}

/** Throws a message naming the image when its size or byte count is impossible. */
export function assertValidPixelImage(image, index) {
  const { width, height, data } = image;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new Error(`Image ${index} has an invalid size ${width}x${height}.`);
  }
  const expected = width * height * 4;
  if (data.length !== expected) {
    throw new Error(`Image ${index} is ${width}x${height} so it needs ${expected} RGBA bytes, but has ${data.length}.`);
  }
}

/** Copies the centre square's RGB values out of RGBA pixels (alpha dropped). */
export function centreCropRgb(image) {
  const { x, y, size } = centreCropBox(image.width, image.height);
  const rgb = new Float32Array(size * size * 3);
  let out = 0;
  for (let row = 0; row < size; row++) {
    let source = ((y + row) * image.width + x) * 4;
    for (let column = 0; column < size; column++) {
      rgb[out++] = image.data[source];
      rgb[out++] = image.data[source + 1];
      rgb[out++] = image.data[source + 2];
      source += 4;
    }
  }
  return { size, rgb };
}

/**
 * RGBA pixel images ({width, height, data}) -> float32 [n, imageSize, imageSize, 3] in [-1, 1].
 * resizeBilinear with half-pixel centres samples like canvas drawImage, PIL and OpenCV do, and
 * an image already at the target size passes through unchanged. The crop is copied out in JS
 * so the backend never holds a full-resolution frame. The caller disposes the result.
 */
export function preprocessPixels(tf, images, imageSize) {
  if (images.length === 0) throw new Error('preprocessPixels needs at least one image.');
  if (!Number.isInteger(imageSize) || imageSize < 1) {
    throw new Error(`Image size must be a positive integer, got ${imageSize}.`);
  }
  images.forEach(assertValidPixelImage);
  return tf.tidy(() => {
    const resized = images.map((image) => {
      const { size, rgb } = centreCropRgb(image);
      const cropped = tf.tensor4d(rgb, [1, size, size, 3], 'float32');
      return tf.image.resizeBilinear(cropped, [imageSize, imageSize], false, true);
    });
    const batch = resized.length === 1 ? resized[0] : tf.concat(resized, 0);
    // Scaling after the resize is equivalent (the resize is an affine blend) and touches fewer values.
    return tf.sub(tf.div(batch, SCALE_DIVISOR), 1);
  });
}
