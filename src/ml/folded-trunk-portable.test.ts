import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { foldTrunk } from './folded-trunk';
import { foldedTrunkFromPortable, portableBuffers, portableFoldedTrunk } from './folded-trunk-portable';
import { countTensors } from './memory';
import { createRng } from './rng';
import { TINY_MOBILENET_SIZE, buildTinyMobileNetV1, buildTinyMobileNetV2 } from './testing/tiny-mobilenet';
import { cutTrunk, disposeTrunk, type Trunk } from './trunk';

const trunks: Trunk[] = [];
beforeAll(async () => {
  await tf.setBackend('cpu');
  trunks.push(cutTrunk(buildTinyMobileNetV2(), 'tiny-v2-portable'), cutTrunk(buildTinyMobileNetV1(), 'tiny-v1-portable'));
});
afterAll(() => trunks.forEach(disposeTrunk));

describe('portable folded trunk', () => {
  it.each([0, 1])(
    'rebuilds trunk %i from plain data with the same outputs, through a structured clone, and frees its weights',
    async (index) => {
      const folded = (await foldTrunk(trunks[index]))!;
      const rng = createRng(11);
      const batch = tf.tensor4d(
        Float32Array.from({ length: 3 * TINY_MOBILENET_SIZE * TINY_MOBILENET_SIZE * 3 }, () => rng() * 2 - 1),
        [3, TINY_MOBILENET_SIZE, TINY_MOBILENET_SIZE, 3],
      );
      const portable = await portableFoldedTrunk(folded);
      expect(portableBuffers(portable).length).toBeGreaterThan(0);
      // What postMessage does to it on the way to the helper worker.
      const received = structuredClone(portable, { transfer: portableBuffers(portable) });

      const before = countTensors();
      const rebuilt = foldedTrunkFromPortable(received);
      expect(rebuilt.stats).toEqual(folded.stats);
      const [expected, actual] = [folded.embed(batch), rebuilt.embed(batch)];
      expect(Array.from(await actual.data())).toEqual(Array.from(await expected.data()));
      tf.dispose([expected, actual]);
      rebuilt.dispose();
      expect(countTensors()).toBe(before);
      batch.dispose();
      folded.dispose();
    },
  );
});
