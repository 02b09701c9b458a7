// Runs in the peer page (scripts/bench/peer/index.html) after tf, tf.wasm and tmImage are loaded.
// Plain JS on purpose: the bench calls these functions by name, so nothing is transformed on the
// way into the page. Each step returns plain data; timings use the page's performance.now().
/* global tf, tmImage */
(function () {
  let model = null;
  let trainBlobs = null;

  // What Teachable Machine's page does with an uploaded photo before addExample: draw it
  // centre-cropped into a 224px canvas (the library's own cropTo, utils/canvas.ts).
  function cropTo(image, size) {
    const scale = size / Math.min(image.width, image.height);
    const width = Math.ceil(image.width * scale);
    const height = Math.ceil(image.height * scale);
    const canvas = document.createElement('canvas');
    canvas.width = canvas.height = size;
    canvas.getContext('2d').drawImage(image, ~~((width - size) / 2) * -1, ~~((height - size) / 2) * -1, width, height);
    return canvas;
  }

  async function setup({ backend, labels, seed, wasmPrefix }) {
    if (backend === 'wasm') tf.wasm.setWasmPaths(wasmPrefix);
    if (!(await tf.setBackend(backend))) throw new Error(`tf.setBackend('${backend}') failed`);
    await tf.ready();
    const started = performance.now();
    model = await tmImage.createTeachable({ tfjsVersion: tf.version.tfjs }, { version: 2, alpha: 0.35 });
    model.setLabels(labels);
    model.setSeed(String(seed));
    return { backend: tf.getBackend(), tfjs: tf.version.tfjs, tm: tmImage.version, trunkLoadMs: performance.now() - started };
  }

  // Fetching is not timed: the app has its files in memory too. Decoding is.
  async function fetchTrainImages(urlsPerClass) {
    trainBlobs = await Promise.all(urlsPerClass.map((urls) => Promise.all(urls.map((url) => fetch(url).then((r) => r.blob())))));
    return { tensors: tf.memory().numTensors };
  }

  async function addExamples() {
    const start = performance.now();
    let images = 0;
    for (let classIndex = 0; classIndex < trainBlobs.length; classIndex++) {
      for (const blob of trainBlobs[classIndex]) {
        const bitmap = await createImageBitmap(blob, { imageOrientation: 'from-image' });
        const canvas = cropTo(bitmap, 224);
        bitmap.close();
        await model.addExample(classIndex, canvas);
        images++;
      }
    }
    const end = performance.now();
    trainBlobs = null;
    return { images, ms: end - start, start, end };
  }

  async function train(params) {
    const epochs = [];
    const start = performance.now();
    await model.train(params, {
      onEpochEnd: (_epoch, logs) => epochs.push({ loss: logs.loss, acc: logs.acc, valLoss: logs.val_loss, valAcc: logs.val_acc }),
    });
    const end = performance.now();
    return { ms: end - start, start, end, epochs };
  }

  async function predict(urlsPerClass) {
    const results = [];
    for (const urls of urlsPerClass) {
      for (const url of urls) {
        const bitmap = await createImageBitmap(await (await fetch(url)).blob(), { imageOrientation: 'from-image' });
        const prediction = await model.predict(bitmap);
        bitmap.close();
        results.push(prediction.map((p) => p.probability));
      }
    }
    const backend = tf.backend();
    const wasmHeapBytes = backend && backend.wasm && backend.wasm.HEAPU8 ? backend.wasm.HEAPU8.byteLength : null;
    return { results, tensors: tf.memory().numTensors, wasmHeapBytes };
  }

  window.peerBench = { setup, fetchTrainImages, addExamples, train, predict };
})();
