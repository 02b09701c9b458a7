// Transfer Lab standalone example. Loads the exported model from this folder with TensorFlow.js
// (tf.min.js, loaded by index.html) and classifies a dropped or picked image, or the webcam.
// decode-pixels.js and preprocess-pixels.js are the very files Transfer Lab runs, so this page
// gives the same probabilities as the app's Try-it panel: decode with EXIF orientation, centre
// square crop, bilinear resize to 224 x 224, x / 127.5 - 1.
import { decodePixels } from './decode-pixels.js';
import { preprocessPixels } from './preprocess-pixels.js';

const tf = globalThis.tf;
const $ = (id) => document.getElementById(id);

/** The most probable class, or "not sure" when its probability is below the threshold. */
export function answer(probabilities, labels, threshold) {
  let best = 0;
  for (let i = 1; i < probabilities.length; i++) if (probabilities[i] > probabilities[best]) best = i;
  const notSure = threshold != null && probabilities[best] < threshold;
  return { best, label: labels[best] ?? `class ${best}`, probability: probabilities[best], notSure };
}

async function loadModel() {
  const response = await fetch('./metadata.json');
  if (!response.ok) throw new Error(`metadata.json could not be loaded (HTTP ${response.status}).`);
  const metadata = await response.json();
  const model = await tf.loadLayersModel('./model.json');
  const threshold = metadata.userMetadata?.notSureThreshold ?? null;
  return { model, labels: metadata.labels, imageSize: metadata.imageSize ?? 224, threshold, name: metadata.modelName };
}

const loaded = loadModel();

/** Probabilities for an image file (Blob) or a playing <video>, in label order. */
export async function classify(source) {
  const { model, imageSize } = await loaded;
  const pixels = await decodePixels(source);
  const input = preprocessPixels(tf, [pixels], imageSize);
  const output = model.predict(input);
  try {
    return Array.from(await output.data());
  } finally {
    tf.dispose([input, output]);
  }
}

function show(probabilities, { labels, threshold }) {
  const result = answer(probabilities, labels, threshold);
  const percent = (p) => `${(p * 100).toFixed(1)}%`;
  $('answer').textContent = result.notSure
    ? `Not sure (best guess: ${result.label}, ${percent(result.probability)})`
    : `${result.label} (${percent(result.probability)})`;
  $('answer').dataset.answer = result.notSure ? 'not sure' : result.label;
  const bars = $('result');
  bars.dataset.probabilities = JSON.stringify(probabilities);
  bars.replaceChildren(
    ...probabilities.map((p, i) => {
      const row = document.createElement('div');
      row.className = 'bar';
      const name = document.createElement('span');
      name.textContent = labels[i];
      const track = document.createElement('span');
      track.className = 'track';
      const fill = document.createElement('span');
      fill.className = 'fill';
      fill.style.display = 'block';
      fill.style.width = percent(p);
      track.append(fill);
      const value = document.createElement('span');
      value.textContent = percent(p);
      row.append(name, track, value);
      return row;
    }),
  );
}

function showError(error) {
  $('error').textContent = error instanceof Error ? error.message : String(error);
}

let webcamRunning = false;

async function classifyFile(file) {
  stopWebcam();
  $('error').textContent = '';
  const preview = $('preview');
  if (preview.src) URL.revokeObjectURL(preview.src);
  preview.src = URL.createObjectURL(file);
  preview.hidden = false;
  try {
    show(await classify(file), await loaded);
  } catch (error) {
    showError(`${file.name}: ${error instanceof Error ? error.message : error}`);
  }
}

async function startWebcam() {
  const video = $('video');
  video.srcObject = await navigator.mediaDevices.getUserMedia({ video: true, audio: false });
  await video.play();
  video.hidden = false;
  $('preview').hidden = true;
  webcamRunning = true;
  $('webcam').textContent = 'Stop webcam';
  const model = await loaded;
  while (webcamRunning) {
    if (video.readyState >= 2) show(await classify(video), model);
    await new Promise((resolve) => requestAnimationFrame(resolve));
  }
}

function stopWebcam() {
  if (!webcamRunning) return;
  webcamRunning = false;
  const video = $('video');
  for (const track of video.srcObject?.getTracks() ?? []) track.stop();
  video.srcObject = null;
  video.hidden = true;
  $('webcam').textContent = 'Use webcam';
}

loaded.then(
  (model) => {
    if (model.name) $('title').textContent = model.name;
    const thresholdNote = model.threshold != null ? ` Below ${(model.threshold * 100).toFixed(0)}% the answer is "not sure".` : '';
    $('status').textContent = `Model loaded: ${model.labels.length} classes (${model.labels.join(', ')}).${thresholdNote}`;
    $('status').dataset.state = 'ready';
    const webcam = $('webcam');
    webcam.disabled = !navigator.mediaDevices?.getUserMedia;
    // Browsers only offer cameras to secure pages: https:// or http://localhost.
    if (webcam.disabled) webcam.title = 'The webcam needs this page served from https:// or http://localhost.';
  },
  (error) => {
    $('status').textContent = 'The model could not be loaded.';
    $('status').dataset.state = 'error';
    showError(`${error instanceof Error ? error.message : error} Serve this folder over HTTP (see README.txt); file:// pages cannot load it.`);
  },
);

$('file').addEventListener('change', (event) => {
  const file = event.target.files?.[0];
  event.target.value = '';
  if (file) void classifyFile(file);
});
const drop = $('drop');
drop.addEventListener('dragover', (event) => {
  event.preventDefault();
  drop.classList.add('dragging');
});
drop.addEventListener('dragleave', () => drop.classList.remove('dragging'));
drop.addEventListener('drop', (event) => {
  event.preventDefault();
  drop.classList.remove('dragging');
  const file = event.dataTransfer?.files?.[0];
  if (file) void classifyFile(file);
});
$('webcam').addEventListener('click', () => {
  if (webcamRunning) stopWebcam();
  else startWebcam().catch((error) => {
    stopWebcam();
    showError(`The webcam could not be used: ${error instanceof Error ? error.message : error}`);
  });
});
