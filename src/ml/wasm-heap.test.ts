import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { describe, expect, it } from 'vitest';
import { wasmFloat32View } from './wasm-heap';

describe('wasmFloat32View', () => {
  it('reads a float32 tensor on wasm in place, and gives null elsewhere', async () => {
    await tf.setBackend('wasm');
    const values = Float32Array.from({ length: 1000 }, (_, i) => i * 0.5 - 3);
    const tensor = tf.tensor2d(values, [10, 100]);
    const product = tf.tidy(() => tf.matMul(tensor, tf.eye(100)));
    expect(Array.from(wasmFloat32View(tensor)!)).toEqual(Array.from(values));
    expect(Array.from(wasmFloat32View(product)!)).toEqual(Array.from(await product.data()));
    const ints = tf.tensor1d([1, 2], 'int32');
    expect(wasmFloat32View(ints)).toBeNull();
    tf.dispose([tensor, product, ints]);
    await tf.setBackend('cpu');
    const onCpu = tf.tensor1d([1, 2]);
    expect(wasmFloat32View(onCpu)).toBeNull();
    onCpu.dispose();
  });
});
