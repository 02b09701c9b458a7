// Which generated task do MobileNet's frozen ImageNet features really do poorly on? Each
// candidate is drawn at 224 px, embedded by the frozen default trunk (mobilenet_v2_0.35_224),
// and a dense head is trained on the embeddings; its test accuracy is printed next to chance.
// The candidate for the lesson's dissimilar presets was picked from this table (docs/lesson.md).
//   npx tsx scripts/measure-dissimilar.ts [--train 40] [--test 40] [--candidates a,b]
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { trainHead } from '../src/ml/train-head';
import { cutTrunk } from '../src/ml/trunk';
import { modelDirHandler, modelsDir } from '../src/ml/testing/model-dir';
import { SAMPLE_TASKS, renderSample, type SampleTask } from '../src/ml/samples/tasks';
import { REJECTED_DISSIMILAR_CANDIDATES } from '../src/ml/samples/dissimilar-tasks';
import { evaluateModel } from '../src/ml/lab/train-model';

const { values } = parseArgs({
  options: { train: { type: 'string', default: '40' }, test: { type: 'string', default: '40' }, candidates: { type: 'string' } },
});
const trainPer = Number(values.train);
const testPer = Number(values.test);
const wanted = values.candidates?.split(',');

function embedTask(trunk: tf.LayersModel, task: SampleTask, perClass: number, firstIndex: number) {
  const embeddings: Float32Array[] = [];
  const labels: number[] = [];
  const batch: Float32Array[] = [];
  const flush = () => {
    if (batch.length === 0) return;
    const flat = new Float32Array(batch.length * 224 * 224 * 3);
    batch.forEach((b, i) => flat.set(b, i * b.length));
    const out = tf.tidy(() => trunk.predict(tf.tensor4d(flat, [batch.length, 224, 224, 3])) as tf.Tensor);
    const data = out.dataSync();
    out.dispose();
    const size = data.length / batch.length;
    for (let i = 0; i < batch.length; i++) embeddings.push(Float32Array.from(data.subarray(i * size, (i + 1) * size)));
    batch.length = 0;
  };
  for (let index = 0; index < perClass; index++) {
    for (let c = 0; c < task.classes.length; c++) {
      const { data } = renderSample(task, c, firstIndex + index, 224);
      const rgb = new Float32Array(224 * 224 * 3);
      for (let p = 0; p < 224 * 224; p++) for (let k = 0; k < 3; k++) rgb[p * 3 + k] = data[p * 4 + k] / 127.5 - 1;
      batch.push(rgb);
      labels.push(c);
      if (batch.length === 16) flush();
    }
  }
  flush();
  return { embeddings, labels };
}

async function main() {
  await tf.setBackend('wasm');
  const source = await tf.loadLayersModel(modelDirHandler(path.join(modelsDir(), 'mobilenet_v2_0.35_224_no_top')));
  const trunk = cutTrunk(source, 'mobilenet_v2_0.35_224');
  for (const task of [...SAMPLE_TASKS, ...REJECTED_DISSIMILAR_CANDIDATES]) {
    if (wanted && !wanted.includes(task.id)) continue;
    const started = Date.now();
    const train = embedTask(trunk.model, task, trainPer, 0);
    const test = embedTask(trunk.model, task, testPer, 10_000);
    const scores: number[] = [];
    for (const seed of [1, 2]) {
      const { head } = await trainHead(
        train,
        test,
        task.classes.length,
        { epochs: 40, batchSize: 32, learningRate: 0.001, hiddenUnits: 100, seed },
        {},
      );
      const samples = { samples: test.embeddings, shape: [test.embeddings[0].length], labels: test.labels };
      scores.push((await evaluateModel(head, samples, task.classes.length)).accuracy);
      head.dispose();
    }
    const mean = scores.reduce((a, b) => a + b, 0) / scores.length;
    console.log(
      JSON.stringify({
        task: task.id,
        classes: task.classes.length,
        trainPerClass: trainPer,
        testPerClass: testPer,
        chance: +(1 / task.classes.length).toFixed(3),
        frozenFeatureTestAccuracy: +mean.toFixed(3),
        seeds: scores.length,
        ms: Date.now() - started,
      }),
    );
  }
}
void main();
