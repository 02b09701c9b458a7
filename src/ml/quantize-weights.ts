import type * as tf from '@tensorflow/tfjs';
import type { QuantizationDtype } from './export-kinds';

/**
 * Weight quantisation in TensorFlow.js's own weights format: each float32 weight is stored as
 * float16 (half the bytes) or as uint8 with a per-tensor affine map (a quarter), and its
 * manifest entry gets a `quantization` record. tf.loadLayersModel (and every tool built on it,
 * such as @teachablemachine/image and ml5) dequantises on load, so the model stays a plain
 * layers model; only the file shrinks. This mirrors what tensorflowjs_converter's
 * --quantize_float16 / --quantize_uint8 write (uint8 here: kernels only, see quantizesWeight).
 */

export interface WeightsBundle {
  specs: tf.io.WeightsManifestEntry[];
  data: ArrayBuffer;
}

const BYTES_PER_VALUE: Record<string, number> = { float32: 4, int32: 4, bool: 1, uint8: 1, uint16: 2, float16: 2 };

/** Bytes one weight occupies in the weights file, quantised or not; throws for string weights. */
export function weightByteLength(spec: tf.io.WeightsManifestEntry): number {
  const storedAs = spec.quantization?.dtype ?? spec.dtype;
  const bytes = BYTES_PER_VALUE[storedAs];
  if (bytes === undefined) throw new Error(`Weight "${spec.name}" has dtype ${storedAs}, which has no fixed size.`);
  return spec.shape.reduce((product, dimension) => product * dimension, 1) * bytes;
}

export function totalWeightBytes(specs: tf.io.WeightsManifestEntry[]): number {
  return specs.reduce((sum, spec) => sum + weightByteLength(spec), 0);
}

/**
 * Which weights each format quantises. float16 keeps about 3 significant digits of every value,
 * so everything goes. uint8 maps a whole tensor onto 256 evenly spaced levels, which BatchNorm
 * statistics cannot survive (a MobileNet V2 moving variance spans 0 to 248 in one tensor, so its
 * small entries collapse) and biases barely gain from; it takes only the kernels (conv, depthwise,
 * dense: Keras names them ".../kernel" or ".../depthwise_kernel"), which hold almost all the bytes.
 * Measured on Teachable Machine's MobileNet V2 0.35 trunk with random inputs: relative embedding
 * error 0.39 quantising everything (25.0% of the bytes) against 0.28 for kernels only (28.9%).
 */
export function quantizesWeight(dtype: QuantizationDtype, spec: tf.io.WeightsManifestEntry): boolean {
  if (spec.dtype !== 'float32') return false;
  return dtype === 'float16' || /kernel$/.test(spec.name);
}

/**
 * Quantises the float32 weights that `quantizesWeight` selects; the others pass through unchanged.
 * Throws on weights that are already quantised and, for float16, on values beyond ±65504 (the
 * format's largest finite number).
 */
export function quantizeWeights(bundle: WeightsBundle, dtype: QuantizationDtype): WeightsBundle {
  const expected = totalWeightBytes(bundle.specs);
  if (expected !== bundle.data.byteLength) {
    throw new Error(`The weights hold ${bundle.data.byteLength} bytes but their manifest describes ${expected}.`);
  }
  const specs: tf.io.WeightsManifestEntry[] = [];
  const chunks: Uint8Array[] = [];
  let offset = 0;
  for (const spec of bundle.specs) {
    if (spec.quantization) throw new Error(`Weight "${spec.name}" is already quantised (${spec.quantization.dtype}).`);
    const length = weightByteLength(spec);
    const raw = bundle.data.slice(offset, offset + length);
    offset += length;
    if (!quantizesWeight(dtype, spec)) {
      specs.push({ ...spec });
      chunks.push(new Uint8Array(raw));
      continue;
    }
    const values = new Float32Array(raw);
    if (dtype === 'float16') {
      specs.push({ ...spec, quantization: { dtype: 'float16' } });
      chunks.push(new Uint8Array(encodeFloat16(values, spec.name).buffer));
    } else {
      const { quantized, scale, min } = encodeUint8(values);
      specs.push({ ...spec, quantization: { dtype: 'uint8', scale, min } });
      chunks.push(quantized);
    }
  }
  return { specs, data: concatenate(chunks) };
}

// --- float16 ---------------------------------------------------------------------------------

const float32Scratch = new Float32Array(1);
const bitsScratch = new Uint32Array(float32Scratch.buffer);

/** IEEE 754 binary16 bits of a number, rounded to nearest, ties to even (as hardware does). */
export function float16Bits(value: number): number {
  float32Scratch[0] = value;
  const bits = bitsScratch[0];
  const sign = (bits >>> 16) & 0x8000;
  const exponent = (bits >>> 23) & 0xff;
  const mantissa = bits & 0x7fffff;
  if (exponent === 0xff) return sign | 0x7c00 | (mantissa !== 0 ? 0x200 : 0);
  const halfExponent = exponent - 127 + 15;
  if (halfExponent >= 0x1f) return sign | 0x7c00;
  if (halfExponent <= 0) {
    // Subnormal half: value = m * 2^-24, m = (1.mantissa as a 24-bit integer) >> (14 - e).
    if (halfExponent < -10) return sign;
    return sign | roundShift(mantissa | 0x800000, 14 - halfExponent);
  }
  // A carry out of the mantissa correctly bumps the exponent (and reaches infinity past 65504).
  return sign | ((halfExponent << 10) + roundShift(mantissa, 13));
}

function roundShift(value: number, shift: number): number {
  const kept = value >>> shift;
  const remainder = value & ((1 << shift) - 1);
  const halfway = 1 << (shift - 1);
  return remainder > halfway || (remainder === halfway && (kept & 1) === 1) ? kept + 1 : kept;
}

function encodeFloat16(values: Float32Array, name: string): Uint16Array {
  const encoded = new Uint16Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const bits = float16Bits(values[i]);
    if ((bits & 0x7c00) === 0x7c00 && Number.isFinite(values[i])) {
      throw new Error(`Weight "${name}" holds ${values[i]}, beyond float16's range (±65504); use uint8 instead.`);
    }
    encoded[i] = bits;
  }
  return encoded;
}

// --- uint8 -----------------------------------------------------------------------------------

/**
 * Affine uint8: value ≈ q * scale + min. When the range spans zero, min is nudged (as the
 * converter does) so that 0 is exactly representable and zero weights stay exactly zero.
 */
export function encodeUint8(values: Float32Array): { quantized: Uint8Array; scale: number; min: number } {
  let low = Infinity;
  let high = -Infinity;
  for (const value of values) {
    if (!Number.isFinite(value)) throw new Error(`Cannot quantise a weight holding ${value}.`);
    if (value < low) low = value;
    if (value > high) high = value;
  }
  const quantized = new Uint8Array(values.length);
  if (values.length === 0 || high === low) return { quantized, scale: 1, min: values.length === 0 ? 0 : low };
  const scale = (high - low) / 255;
  // The nudge moves each end by at most scale / 2, so after clamping every value is still within
  // scale / 2 of its dequantised value.
  const min = low < 0 && high > 0 ? -Math.round(-low / scale) * scale : low;
  for (let i = 0; i < values.length; i++) {
    quantized[i] = Math.min(255, Math.max(0, Math.round((values[i] - min) / scale)));
  }
  return { quantized, scale, min };
}

function concatenate(chunks: Uint8Array[]): ArrayBuffer {
  const total = chunks.reduce((sum, chunk) => sum + chunk.byteLength, 0);
  const joined = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    joined.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return joined.buffer;
}
