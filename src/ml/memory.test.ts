import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { countTensors, disposeModelFully } from './memory';
import { buildTeachableMachineStyleModel, buildV1StyleModel } from './testing/tiny-models';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('countTensors', () => {
  it('follows tensor allocation', () => {
    const before = countTensors();
    const tensor = tf.zeros([2]);
    expect(countTensors()).toBe(before + 1);
    tensor.dispose();
    expect(countTensors()).toBe(before);
  });
});

describe('disposeModelFully', () => {
  it('frees the nested head that model.dispose() leaves behind', () => {
    const before = countTensors();
    buildTeachableMachineStyleModel().dispose();
    const leakedByDispose = countTensors() - before;
    // Documents the tfjs behaviour this helper exists for; if tfjs fixes it, this fails loudly.
    expect(leakedByDispose).toBeGreaterThan(0);
    tf.disposeVariables();

    const start = countTensors();
    disposeModelFully(buildTeachableMachineStyleModel());
    disposeModelFully(buildV1StyleModel());
    expect(countTensors()).toBe(start);
  });
});
