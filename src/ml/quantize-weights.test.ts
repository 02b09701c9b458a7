import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildExportModel, serializeModel } from './export-model';
import { createHead } from './head';
import { countTensors, disposeModelFully } from './memory';
import { encodeUint8, float16Bits, quantizesWeight, quantizeWeights, totalWeightBytes, weightByteLength } from './quantize-weights';
import { createRng } from './rng';
import { TINY_IMAGE_SIZE, buildV2NoTopStyleModel } from './testing/tiny-models';
import { cutTrunk, disposeTrunk } from './trunk';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

interface Serialized {
  topology: object;
  specs: tf.io.WeightsManifestEntry[];
  data: ArrayBuffer;
}

/** A tiny trunk + head export model, as the app exports it, serialised. */
async function tinyExport(): Promise<{
  serialized: Serialized;
  predict: (input: tf.Tensor) => Promise<Float32Array>;
  dispose: () => void;
}> {
  const trunk = cutTrunk(buildV2NoTopStyleModel(), 'tiny');
  const head = createHead({ inputSize: trunk.embeddingSize, hiddenUnits: 8, numClasses: 3, seed: 4 });
  const model = buildExportModel(trunk, head);
  const { modelJson, weightData } = await serializeModel(model);
  const json = JSON.parse(modelJson) as { modelTopology: object; weightsManifest: { weights: tf.io.WeightsManifestEntry[] }[] };
  return {
    serialized: { topology: json.modelTopology, specs: json.weightsManifest[0].weights, data: weightData },
    predict: async (input) => {
      const output = model.predict(input) as tf.Tensor;
      const values = (await output.data()) as Float32Array;
      output.dispose();
      return values;
    },
    dispose: () => {
      head.dispose();
      disposeTrunk(trunk);
    },
  };
}

async function loadQuantized(topology: object, specs: tf.io.WeightsManifestEntry[], data: ArrayBuffer): Promise<tf.LayersModel> {
  return tf.loadLayersModel(tf.io.fromMemory({ modelTopology: topology, weightSpecs: specs, weightData: data }));
}

describe('float16Bits', () => {
  it('encodes like IEEE 754 binary16, rounding ties to even', () => {
    expect(float16Bits(0)).toBe(0);
    expect(float16Bits(-0)).toBe(0x8000);
    expect(float16Bits(1)).toBe(0x3c00);
    expect(float16Bits(-2)).toBe(0xc000);
    expect(float16Bits(0.5)).toBe(0x3800);
    expect(float16Bits(65504)).toBe(0x7bff);
    expect(float16Bits(1e6)).toBe(0x7c00);
    expect(float16Bits(Number.NEGATIVE_INFINITY)).toBe(0xfc00);
    expect(float16Bits(Number.NaN) & 0x7e00).toBe(0x7e00);
    expect(float16Bits(2 ** -24)).toBe(1); // smallest subnormal
    expect(float16Bits(2 ** -26)).toBe(0); // underflows
    expect(float16Bits(2 ** -14)).toBe(0x0400); // smallest normal
    expect(float16Bits(1 + 2 ** -11)).toBe(0x3c00); // a tie goes to the even mantissa
    expect(float16Bits(1 + 3 * 2 ** -11)).toBe(0x3c02);
    expect(float16Bits(1 + 2 ** -11 + 2 ** -20)).toBe(0x3c01); // just above a tie rounds up
  });

  it("round-trips through tfjs's own float16 decoder within half a unit in the last place", async () => {
    const rng = createRng(3);
    const values = Float32Array.from({ length: 2000 }, () => (rng() - 0.5) * 10 ** Math.floor(rng() * 8 - 5));
    const spec: tf.io.WeightsManifestEntry = { name: 'w', shape: [values.length], dtype: 'float32' };
    const { specs, data } = quantizeWeights({ specs: [spec], data: values.buffer }, 'float16');
    expect(data.byteLength).toBe(values.length * 2);
    const decoded = (await tf.io.decodeWeights(data, specs).w.data()) as Float32Array;
    values.forEach((value, i) => {
      const tolerance = Math.max(Math.abs(value) * 2 ** -11, 2 ** -25);
      expect(Math.abs(decoded[i] - value)).toBeLessThanOrEqual(tolerance);
    });
  });
});

describe('encodeUint8', () => {
  it('keeps every value within half a step and zero exactly', () => {
    const values = Float32Array.from([-0.7, -0.2, 0, 0.05, 0.3, 1.3]);
    const { quantized, scale, min } = encodeUint8(values);
    const decoded = Array.from(quantized, (q) => q * scale + min);
    values.forEach((value, i) => expect(Math.abs(decoded[i] - value)).toBeLessThanOrEqual(scale / 2 + 1e-7));
    expect(decoded[2]).toBeCloseTo(0, 12);
    expect(scale).toBeCloseTo(2 / 255, 7);
  });

  it('handles constant and one-sided tensors', () => {
    expect(encodeUint8(Float32Array.from([0.25, 0.25]))).toEqual({ quantized: new Uint8Array(2), scale: 1, min: 0.25 });
    const positive = encodeUint8(Float32Array.from([1, 2, 3]));
    expect(positive.min).toBe(1);
    expect(Array.from(positive.quantized)).toEqual([0, 128, 255]);
    expect(() => encodeUint8(Float32Array.from([1, Number.NaN]))).toThrow(/Cannot quantise a weight holding NaN/);
  });
});

describe('quantizeWeights on a small model', () => {
  for (const dtype of ['float16', 'uint8'] as const) {
    it(`${dtype}: ${dtype === 'float16' ? 'every weight at half size' : 'the kernels at a quarter size, the rest as is'}; loads with tf.loadLayersModel and predicts nearly the same`, async () => {
      const before = countTensors();
      const model = await tinyExport();
      const { topology, specs, data } = model.serialized;
      const quantized = quantizeWeights({ specs, data }, dtype);

      expect(data.byteLength).toBe(totalWeightBytes(specs));
      expect(totalWeightBytes(quantized.specs)).toBe(quantized.data.byteLength);
      expect(quantized.specs.map((s) => s.name)).toEqual(specs.map((s) => s.name));
      const chosen = quantized.specs.filter((s) => s.quantization);
      if (dtype === 'float16') {
        expect(chosen).toHaveLength(specs.length);
        expect(quantized.data.byteLength).toBe(data.byteLength / 2);
      } else {
        expect(chosen.map((s) => s.name)).toEqual(specs.filter((s) => /kernel$/.test(s.name)).map((s) => s.name));
        expect(chosen.length).toBeGreaterThan(0);
        expect(chosen.every((s) => s.quantization?.dtype === 'uint8')).toBe(true);
        expect(specs.some((s) => /moving_variance$/.test(s.name))).toBe(true); // BatchNorm statistics stay float32
        const kernelBytes = specs.filter((s) => /kernel$/.test(s.name)).reduce((sum, s) => sum + totalWeightBytes([s]), 0);
        expect(quantized.data.byteLength).toBe(data.byteLength - (kernelBytes * 3) / 4);
      }
      expect(specs.every((s, i) => quantizesWeight(dtype, s) === Boolean(quantized.specs[i].quantization))).toBe(true);

      // Every weight within its quantisation error; unselected weights exactly as they were.
      const original = tf.io.decodeWeights(data, specs);
      const restored = tf.io.decodeWeights(quantized.data, quantized.specs);
      for (const spec of quantized.specs) {
        const a = (await original[spec.name].data()) as Float32Array;
        const b = (await restored[spec.name].data()) as Float32Array;
        const bound = !spec.quantization
          ? 0
          : dtype === 'uint8'
            ? spec.quantization.scale! / 2 + 1e-6
            : Math.max(...Array.from(a, Math.abs)) * 2 ** -11 + 1e-7;
        a.forEach((value, i) => expect(Math.abs(b[i] - value)).toBeLessThanOrEqual(bound));
      }
      tf.dispose([...Object.values(original), ...Object.values(restored)]);

      const reloaded = await loadQuantized(topology, quantized.specs, quantized.data);
      const images = tf.randomUniform([6, TINY_IMAGE_SIZE, TINY_IMAGE_SIZE, 3], -1, 1, 'float32', 11);
      const expected = await model.predict(images);
      const output = reloaded.predict(images) as tf.Tensor;
      const actual = (await output.data()) as Float32Array;
      const largest = Math.max(...Array.from(actual, (value, i) => Math.abs(value - expected[i])));
      expect(largest).toBeLessThan(dtype === 'float16' ? 1e-3 : 0.05);
      expect(largest).toBeGreaterThan(0); // it really is a different set of weights

      tf.dispose([images, output]);
      disposeModelFully(reloaded);
      model.dispose();
      expect(countTensors()).toBe(before);
    });
  }

  it('refuses weights that are already quantised, a wrong byte count, and float16 overflow', () => {
    const spec: tf.io.WeightsManifestEntry = { name: 'dense/kernel', shape: [2], dtype: 'float32' };
    const data = Float32Array.from([1, 2]).buffer;
    const once = quantizeWeights({ specs: [spec], data }, 'uint8');
    expect(() => quantizeWeights(once, 'uint8')).toThrow(/already quantised/);
    expect(() => quantizeWeights({ specs: [spec], data: new ArrayBuffer(4) }, 'uint8')).toThrow(
      /hold 4 bytes but their manifest describes 8/,
    );
    expect(() => quantizeWeights({ specs: [spec], data: Float32Array.from([1, 1e6]).buffer }, 'float16')).toThrow(/beyond float16's range/);
  });

  it('passes int32 weights through and sizes quantised entries correctly', () => {
    const specs: tf.io.WeightsManifestEntry[] = [
      { name: 'steps', shape: [3], dtype: 'int32' },
      { name: 'dense/kernel', shape: [2, 2], dtype: 'float32' },
    ];
    const data = new ArrayBuffer(12 + 16);
    new Int32Array(data, 0, 3).set([7, 8, 9]);
    const result = quantizeWeights({ specs, data }, 'uint8');
    expect(result.specs[0]).toEqual(specs[0]);
    expect(Array.from(new Int32Array(result.data.slice(0, 12)))).toEqual([7, 8, 9]);
    expect(result.data.byteLength).toBe(12 + 4);
    expect(weightByteLength({ name: 'h', shape: [5], dtype: 'float32', quantization: { dtype: 'float16' } })).toBe(10);
    expect(() => weightByteLength({ name: 's', shape: [1], dtype: 'string' })).toThrow(/no fixed size/);
  });
});
