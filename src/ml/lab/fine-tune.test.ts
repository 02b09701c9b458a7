import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHead } from '../head';
import { createRng } from '../rng';
import { buildFineTuneModel } from './fine-tune';
import { findBlockMap, unitCount } from './mobilenet-blocks';
import { buildTinyMobileNetV2, TINY_MOBILENET_FEATURES, TINY_MOBILENET_SIZE } from './testing/tiny-mobilenet';
import { registerWasmTrainingKernels } from './wasm-training-kernels';

/**
 * The cached-boundary path (bottom once, then top + head per step) must compute what the whole
 * model computes: the same probabilities and the same gradients for every unfrozen weight.
 */

const CLASSES = 3;

function images(count: number, seed: number): tf.Tensor4D {
  const rng = createRng(seed);
  const size = count * TINY_MOBILENET_SIZE * TINY_MOBILENET_SIZE * 3;
  return tf.tensor4d(
    Float32Array.from({ length: size }, () => rng() * 2 - 1),
    [count, TINY_MOBILENET_SIZE, TINY_MOBILENET_SIZE, 3],
  );
}

function loss(model: tf.LayersModel, xs: tf.Tensor, labels: tf.Tensor): tf.Scalar {
  const probabilities = model.apply(xs, { training: false }) as tf.Tensor;
  return tf.losses.softmaxCrossEntropy(labels, tf.log(probabilities)) as tf.Scalar;
}

for (const backend of ['cpu', 'wasm']) {
  describe(`fine-tuning on cached boundary activations (${backend})`, () => {
    beforeAll(async () => {
      registerWasmTrainingKernels();
      await tf.setBackend(backend);
    });
    afterAll(async () => {
      await tf.setBackend('cpu');
    });

    it('finds the blocks of the tiny MobileNet', () => {
      const map = findBlockMap(buildTinyMobileNetV2())!;
      expect(map.family).toBe('mobilenet-v2');
      expect(map.boundariesFromTop).toEqual([
        'block_3_project_BN',
        'block_2_add',
        'block_1_project_BN',
        'expanded_conv_project_BN',
        'Conv1_relu',
        null,
      ]);
      expect(map.unitNames).toEqual(['Conv_1', 'block 3', 'block 2', 'block 1', 'block 0', 'stem']);
    });

    it("gives the full model's outputs and gradients at every split point", async () => {
      const trunk = buildTinyMobileNetV2();
      const map = findBlockMap(trunk)!;
      const head = createHead({ inputSize: TINY_MOBILENET_FEATURES, hiddenUnits: 6, numClasses: CLASSES, seed: 5 });
      const pooled = tf.layers.globalAveragePooling2d({}).apply(trunk.outputs[0]) as tf.SymbolicTensor;
      const full = tf.model({ inputs: trunk.inputs, outputs: head.apply(pooled) as tf.SymbolicTensor });
      const xs = images(4, 7);
      const labels = tf.oneHot(tf.tensor1d([0, 1, 2, 1], 'int32'), CLASSES);

      for (let units = 1; units <= unitCount(map); units++) {
        const split = buildFineTuneModel(map, units, head);
        const cached = split.bottom ? (split.bottom.predict(xs) as tf.Tensor) : xs.clone();
        expect(cached.shape.slice(1)).toEqual(split.boundaryShape);

        const expected = await (full.apply(xs, { training: false }) as tf.Tensor).array();
        const actual = await (split.model.apply(cached, { training: false }) as tf.Tensor).array();
        (actual as number[][]).forEach((row, i) => row.forEach((p, j) => expect(p).toBeCloseTo((expected as number[][])[i][j], 5)));

        const variables = split.model.trainableWeights.map((w) => w.read() as tf.Variable);
        const namesBelow = new Set(split.bottom?.weights.map((w) => w.name) ?? []);
        expect(variables.some((v) => namesBelow.has(v.name))).toBe(false);
        const fullGrads = tf.variableGrads(() => loss(full, xs, labels), variables).grads;
        const splitGrads = tf.variableGrads(() => loss(split.model, cached, labels), variables).grads;
        for (const variable of variables) {
          const a = await fullGrads[variable.name].data();
          const b = await splitGrads[variable.name].data();
          b.forEach((g, i) => expect(g).toBeCloseTo(a[i], 4));
        }
        tf.dispose([cached, ...Object.values(fullGrads), ...Object.values(splitGrads)]);
      }
      tf.dispose([xs, labels]);
      trunk.dispose();
      head.dispose();
    });
  });
}
