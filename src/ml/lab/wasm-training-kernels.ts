import * as tf from '@tensorflow/tfjs';
// Imported for its side effect too: the wasm backend registers its own kernels on import, and
// the replacements below must be registered after them.
import '@tensorflow/tfjs-backend-wasm';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

/**
 * The wasm backend (tfjs 4.22) can run convolutions forward but lacks three kernels that their
 * gradients need: Conv2DBackpropFilter, DepthwiseConv2dNativeBackpropFilter and
 * DepthwiseConv2dNativeBackpropInput. Without them every strategy that trains a convolution
 * (fine-tuning, the random-weights MobileNet, the scratch CNN) fails on wasm with "Kernel ... not
 * registered", and wasm is the fastest backend on a laptop without a usable GPU.
 *
 * These implementations work directly on the wasm heap:
 * - Conv2DBackpropFilter is a matrix product, dW = patches^T · dy. The transposed patch matrix
 *   is gathered in JS (for a 1x1 convolution, MobileNet's costliest kind, it is a plain
 *   transpose) and the product runs in the backend's own BatchMatMul (XNNPACK, SIMD).
 * - The two depthwise kernels are loops over contiguous channels: depthwise layers hold a small
 *   share of MobileNet's arithmetic, so plain JS keeps up.
 * Two kernels the backend has are replaced because they are plain loops that dominated a
 * training step (measured: ~70% of a fine-tuning step on MobileNet V2's top blocks):
 * - Conv2DBackpropInput becomes dcols = dy · W^T in BatchMatMul, then a col2im scatter in JS
 *   (nothing to scatter for a 1x1 convolution);
 * - Tile (batch norm's gradient tiles a per-channel vector to the activation's full size)
 *   becomes block copies with TypedArray.set/copyWithin;
 * - Slice and SplitV read their input through readSync, which copies the whole tensor for every
 *   slice: splitting a MobileNet's 400,000 gradient values into its 160 variables copied 65
 *   million floats (341 ms a step). Here they copy only the slice, from a view of the heap;
 * - Identity, which the gradient tape calls for every tensor it saves for the backward pass
 *   (some 1,600 times per MobileNet training step), shares the input's buffer by reference
 *   count, as the cpu and webgl backends and wasm's own Reshape do, instead of copying it.
 * Each kernel follows the cpu backend's definition (same padding arithmetic from
 * backend_util.computeConv2DInfo); the tests compare them with the cpu backend.
 */

type Conv2DInfo = ReturnType<typeof tf.backend_util.computeConv2DInfo>;
type PadAttr = 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
type RoundingMode = 'floor' | 'round' | 'ceil' | undefined;

interface KernelArgs {
  inputs: tf.NamedTensorInfoMap;
  backend: tf.KernelBackend;
  attrs?: tf.NamedAttrMap;
}

type Kernel = (args: KernelArgs) => tf.TensorInfo | tf.TensorInfo[];

/** Kernels wasm lacks: added only where missing, so a later tfjs that has them keeps its own. */
const MISSING: Record<string, Kernel> = {
  Conv2DBackpropFilter: conv2dBackpropFilter,
  DepthwiseConv2dNativeBackpropFilter: depthwiseBackpropFilter,
  DepthwiseConv2dNativeBackpropInput: depthwiseBackpropInput,
};

/** Kernels wasm has but runs as plain loops: replaced. */
const REPLACED: Record<string, Kernel> = {
  Conv2DBackpropInput: conv2dBackpropInput,
  Tile: tile,
  Identity: identity,
  Slice: sliceKernel,
  SplitV: splitV,
};

const OURS = new Set<unknown>([...Object.values(MISSING), ...Object.values(REPLACED)]);

/** Registers the training kernels for 'wasm'. Idempotent. */
export function registerWasmTrainingKernels(): void {
  for (const [kernelName, kernel] of Object.entries(MISSING)) {
    if (tf.getKernel(kernelName, 'wasm')) continue;
    tf.registerKernel({ kernelName, backendName: 'wasm', kernelFunc: kernel as unknown as tf.KernelFunc });
  }
  for (const [kernelName, kernel] of Object.entries(REPLACED)) {
    const existing = tf.getKernel(kernelName, 'wasm');
    if (existing && OURS.has(existing.kernelFunc)) continue;
    if (existing) tf.unregisterKernel(kernelName, 'wasm');
    tf.registerKernel({ kernelName, backendName: 'wasm', kernelFunc: kernel as unknown as tf.KernelFunc });
  }
}

/** a · b with the backend's own kernel; no transposes, its only fast path. */
function batchMatMul(backend: tf.KernelBackend, a: tf.TensorInfo, b: tf.TensorInfo): tf.TensorInfo {
  const matMul = tf.getKernel('BatchMatMul', 'wasm');
  if (!matMul) throw new Error('The wasm backend has no BatchMatMul kernel.');
  return matMul.kernelFunc({ inputs: { a, b }, backend, attrs: { transposeA: false, transposeB: false } }) as tf.TensorInfo;
}

function wasmOf(backend: tf.KernelBackend): BackendWasm {
  return backend as unknown as BackendWasm;
}

/** The named float32 input of a kernel call. */
function input(inputs: tf.NamedTensorInfoMap, name: string): tf.TensorInfo {
  const info = inputs[name];
  if (!info) throw new Error(`The kernel was called without its "${name}" input.`);
  if (info.dtype !== 'float32') throw new Error(`${name} must be float32, got ${info.dtype}.`);
  return info;
}

function channelsLastOnly(format: unknown): void {
  if (format !== undefined && format !== 'NHWC') throw new Error(`Only NHWC convolutions can be trained on wasm, got ${String(format)}.`);
}

function conv2dBackpropFilter({ inputs, backend, attrs = {} }: KernelArgs): tf.TensorInfo {
  const x = input(inputs, 'x');
  const dy = input(inputs, 'dy');
  channelsLastOnly(attrs.dataFormat);
  const filterShape = attrs.filterShape as [number, number, number, number];
  const info = tf.backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    filterShape,
    attrs.strides as [number, number] | number,
    1,
    attrs.pad as PadAttr,
    attrs.dimRoundingMode as RoundingMode,
    false,
    'channelsLast',
  );
  const wasm = wasmOf(backend);
  const positions = info.batchSize * info.outHeight * info.outWidth;
  const patchSize = info.filterHeight * info.filterWidth * info.inChannels;
  const patches = wasm.makeOutput([patchSize, positions], 'float32');
  try {
    // Views are taken after the allocation: growing the heap detaches older views.
    gatherTransposedPatches(info, wasm.typedArrayFromHeap(x) as Float32Array, wasm.typedArrayFromHeap(patches) as Float32Array, positions);
    const dyMatrix: tf.TensorInfo = { dataId: dy.dataId, shape: [positions, info.outChannels], dtype: 'float32' };
    const product = batchMatMul(backend, patches, dyMatrix);
    return { dataId: product.dataId, shape: [...filterShape], dtype: 'float32' };
  } finally {
    wasm.disposeData(patches.dataId);
  }
}

/**
 * Writes patches[k][p] = x at position p's receptive-field entry k, k = (row * filterWidth +
 * column) * inChannels + channel (the filter's own [h, w, in] order), zero where the filter
 * hangs over the padding.
 */
function gatherTransposedPatches(info: Conv2DInfo, x: Float32Array, patches: Float32Array, positions: number): void {
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, filterHeight, filterWidth, strideHeight, strideWidth } = info;
  const top = info.padInfo.top;
  const left = info.padInfo.left;
  patches.fill(0);
  for (let fr = 0; fr < filterHeight; fr++) {
    for (let fc = 0; fc < filterWidth; fc++) {
      const rowBase = (fr * filterWidth + fc) * inChannels;
      let p = 0;
      for (let b = 0; b < batchSize; b++) {
        for (let oy = 0; oy < outHeight; oy++) {
          const iy = oy * strideHeight + fr - top;
          for (let ox = 0; ox < outWidth; ox++, p++) {
            const ix = ox * strideWidth + fc - left;
            if (iy < 0 || iy >= inHeight || ix < 0 || ix >= inWidth) continue;
            const source = ((b * inHeight + iy) * inWidth + ix) * inChannels;
            for (let c = 0; c < inChannels; c++) patches[(rowBase + c) * positions + p] = x[source + c];
          }
        }
      }
    }
  }
}

function depthwiseInfo(xShape: number[], filterShape: number[], attrs: tf.NamedAttrMap): Conv2DInfo {
  return tf.backend_util.computeConv2DInfo(
    xShape as [number, number, number, number],
    filterShape as [number, number, number, number],
    attrs.strides as [number, number] | number,
    (attrs.dilations ?? 1) as [number, number] | number,
    attrs.pad as PadAttr,
    attrs.dimRoundingMode as RoundingMode,
    true,
  );
}

/** Calls visit(xOffset, dyOffset, filterOffset) for every (input, output, filter tap) triple of a depthwise convolution. */
function forEachDepthwiseTap(info: Conv2DInfo, visit: (xOffset: number, dyOffset: number, filterOffset: number) => void): void {
  const {
    batchSize,
    inHeight,
    inWidth,
    inChannels,
    outHeight,
    outWidth,
    outChannels,
    filterHeight,
    filterWidth,
    strideHeight,
    strideWidth,
    dilationHeight,
    dilationWidth,
  } = info;
  const top = info.padInfo.top;
  const left = info.padInfo.left;
  for (let b = 0; b < batchSize; b++) {
    for (let oy = 0; oy < outHeight; oy++) {
      for (let ox = 0; ox < outWidth; ox++) {
        const dyOffset = ((b * outHeight + oy) * outWidth + ox) * outChannels;
        for (let fr = 0; fr < filterHeight; fr++) {
          const iy = oy * strideHeight + fr * dilationHeight - top;
          if (iy < 0 || iy >= inHeight) continue;
          for (let fc = 0; fc < filterWidth; fc++) {
            const ix = ox * strideWidth + fc * dilationWidth - left;
            if (ix < 0 || ix >= inWidth) continue;
            visit(((b * inHeight + iy) * inWidth + ix) * inChannels, dyOffset, (fr * filterWidth + fc) * outChannels);
          }
        }
      }
    }
  }
}

function depthwiseBackpropFilter({ inputs, backend, attrs = {} }: KernelArgs): tf.TensorInfo {
  const x = input(inputs, 'x');
  const dy = input(inputs, 'dy');
  const filterShape = attrs.filterShape as number[];
  const info = depthwiseInfo(x.shape, filterShape, attrs);
  const wasm = wasmOf(backend);
  const out = wasm.makeOutput(filterShape, 'float32');
  const dw = wasm.typedArrayFromHeap(out) as Float32Array;
  const xs = wasm.typedArrayFromHeap(x) as Float32Array;
  const dys = wasm.typedArrayFromHeap(dy) as Float32Array;
  dw.fill(0);
  const { inChannels, outChannels } = info;
  const multiplier = outChannels / inChannels;
  // The filter is [h, w, in, multiplier]: output channel c*multiplier+m lives at filter offset tap + c*multiplier + m.
  forEachDepthwiseTap(info, (xOffset, dyOffset, filterOffset) => {
    for (let c = 0, o = 0; c < inChannels; c++) {
      const value = xs[xOffset + c];
      for (let m = 0; m < multiplier; m++, o++) dw[filterOffset + o] += value * dys[dyOffset + o];
    }
  });
  return out;
}

function depthwiseBackpropInput({ inputs, backend, attrs = {} }: KernelArgs): tf.TensorInfo {
  const dy = input(inputs, 'dy');
  const filter = input(inputs, 'filter');
  const inputShape = attrs.inputShape as number[];
  const info = depthwiseInfo(inputShape, filter.shape, attrs);
  const wasm = wasmOf(backend);
  const out = wasm.makeOutput(inputShape, 'float32');
  const dx = wasm.typedArrayFromHeap(out) as Float32Array;
  const dys = wasm.typedArrayFromHeap(dy) as Float32Array;
  const weights = wasm.typedArrayFromHeap(filter) as Float32Array;
  dx.fill(0);
  const { inChannels, outChannels } = info;
  const multiplier = outChannels / inChannels;
  forEachDepthwiseTap(info, (xOffset, dyOffset, filterOffset) => {
    for (let c = 0, o = 0; c < inChannels; c++) {
      let sum = 0;
      for (let m = 0; m < multiplier; m++, o++) sum += dys[dyOffset + o] * weights[filterOffset + o];
      dx[xOffset + c] += sum;
    }
  });
  return out;
}

function conv2dBackpropInput({ inputs, backend, attrs = {} }: KernelArgs): tf.TensorInfo {
  const dy = input(inputs, 'dy');
  const filter = input(inputs, 'filter');
  channelsLastOnly(attrs.dataFormat);
  const inputShape = attrs.inputShape as [number, number, number, number];
  const info = tf.backend_util.computeConv2DInfo(
    inputShape,
    filter.shape as [number, number, number, number],
    attrs.strides as [number, number] | number,
    1,
    attrs.pad as PadAttr,
    attrs.dimRoundingMode as RoundingMode,
    false,
    'channelsLast',
  );
  const wasm = wasmOf(backend);
  const positions = info.batchSize * info.outHeight * info.outWidth;
  const patchSize = info.filterHeight * info.filterWidth * info.inChannels;
  // dcols[p][k] = sum over output channels of dy[p][o] * W[k][o]: each output position's
  // gradient with respect to its receptive field.
  // BatchMatMul is fast (XNNPACK) only without transposes (measured 16 ms vs 213 ms for a
  // 784x1280 by 1280x112 product), so W^T is written out first; it is small.
  const dyMatrix: tf.TensorInfo = { dataId: dy.dataId, shape: [positions, info.outChannels], dtype: 'float32' };
  const filterT = wasm.makeOutput([info.outChannels, patchSize], 'float32');
  let columns: tf.TensorInfo;
  try {
    transposeInto(
      wasm.typedArrayFromHeap(filter) as Float32Array,
      patchSize,
      info.outChannels,
      wasm.typedArrayFromHeap(filterT) as Float32Array,
    );
    columns = batchMatMul(backend, dyMatrix, filterT);
  } finally {
    wasm.disposeData(filterT.dataId);
  }
  const pointwise =
    info.filterHeight === 1 &&
    info.filterWidth === 1 &&
    info.strideHeight === 1 &&
    info.strideWidth === 1 &&
    info.padInfo.top === 0 &&
    info.padInfo.left === 0;
  if (pointwise) return { dataId: columns.dataId, shape: [...inputShape], dtype: 'float32' };
  try {
    const out = wasm.makeOutput(inputShape, 'float32');
    scatterColumns(info, wasm.typedArrayFromHeap(columns) as Float32Array, wasm.typedArrayFromHeap(out) as Float32Array);
    return out;
  } finally {
    wasm.disposeData(columns.dataId);
  }
}

/** target = source^T for a row-major [rows, columns] matrix. */
function transposeInto(source: Float32Array, rows: number, columns: number, target: Float32Array): void {
  for (let r = 0; r < rows; r++) {
    const base = r * columns;
    for (let c = 0; c < columns; c++) target[c * rows + r] = source[base + c];
  }
}

/** col2im: adds each position's receptive-field gradient back onto the input pixels it came from. */
function scatterColumns(info: Conv2DInfo, columns: Float32Array, dx: Float32Array): void {
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, filterHeight, filterWidth, strideHeight, strideWidth } = info;
  const top = info.padInfo.top;
  const left = info.padInfo.left;
  const patchSize = filterHeight * filterWidth * inChannels;
  dx.fill(0);
  let p = 0;
  for (let b = 0; b < batchSize; b++) {
    for (let oy = 0; oy < outHeight; oy++) {
      for (let ox = 0; ox < outWidth; ox++, p++) {
        for (let fr = 0; fr < filterHeight; fr++) {
          const iy = oy * strideHeight + fr - top;
          if (iy < 0 || iy >= inHeight) continue;
          for (let fc = 0; fc < filterWidth; fc++) {
            const ix = ox * strideWidth + fc - left;
            if (ix < 0 || ix >= inWidth) continue;
            const target = ((b * inHeight + iy) * inWidth + ix) * inChannels;
            const source = p * patchSize + (fr * filterWidth + fc) * inChannels;
            for (let c = 0; c < inChannels; c++) dx[target + c] += columns[source + c];
          }
        }
      }
    }
  }
}

function tile({ inputs, backend, attrs = {} }: KernelArgs): tf.TensorInfo {
  const x = inputs.x;
  if (!x) throw new Error('The kernel was called without its "x" input.');
  const reps = attrs.reps as number[];
  const shape = x.shape.map((size, i) => size * reps[i]);
  const wasm = wasmOf(backend);
  const out = wasm.makeOutput(shape, x.dtype);
  const target = wasm.typedArrayFromHeap(out);
  const source = wasm.typedArrayFromHeap(x);
  if (target.length === 0) return out;
  if (shape.length === 0) {
    target[0] = source[0];
    return out;
  }
  const rank = shape.length;
  const inStrides = new Array<number>(rank).fill(1);
  const outStrides = new Array<number>(rank).fill(1);
  for (let d = rank - 2; d >= 0; d--) {
    inStrides[d] = inStrides[d + 1] * x.shape[d + 1];
    outStrides[d] = outStrides[d + 1] * shape[d + 1];
  }
  // Fills the block of dimension d at (inBase, outBase): first the input's own extent, then
  // copies of that block for the repetitions, each one contiguous copyWithin.
  const fill = (d: number, inBase: number, outBase: number): void => {
    const size = x.shape[d];
    if (d === rank - 1) {
      target.set(source.subarray(inBase, inBase + size), outBase);
    } else {
      for (let i = 0; i < size; i++) fill(d + 1, inBase + i * inStrides[d], outBase + i * outStrides[d]);
    }
    const block = size * outStrides[d];
    for (let r = 1; r < reps[d]; r++) target.copyWithin(outBase + r * block, outBase, outBase + block);
  };
  fill(0, 0, 0);
  return out;
}

/** Tensor data is never written in place, so an identity can share its input's buffer. */
function identity({ inputs, backend }: KernelArgs): tf.TensorInfo {
  const x = inputs.x;
  if (!x) throw new Error('The kernel was called without its "x" input.');
  if (x.dtype === 'string') throw new Error('Identity of string tensors is not supported on wasm.');
  wasmOf(backend).incRef(x.dataId);
  return { dataId: x.dataId, shape: [...x.shape], dtype: x.dtype };
}

/** Copies x[begin : begin + size] (any rank) into a new tensor, one contiguous innermost run at a time. */
function sliceOf(backend: tf.KernelBackend, x: tf.TensorInfo, begin: number[], size: number[]): tf.TensorInfo {
  if (x.dtype === 'string') throw new Error('Slicing string tensors is not supported on wasm.');
  const wasm = wasmOf(backend);
  const out = wasm.makeOutput(size, x.dtype);
  const target = wasm.typedArrayFromHeap(out);
  const source = wasm.typedArrayFromHeap(x);
  const rank = x.shape.length;
  if (target.length === 0) return out;
  if (rank === 0) {
    target[0] = source[0];
    return out;
  }
  const strides = new Array<number>(rank).fill(1);
  for (let d = rank - 2; d >= 0; d--) strides[d] = strides[d + 1] * x.shape[d + 1];
  const run = size[rank - 1];
  let written = 0;
  const copy = (d: number, offset: number): void => {
    if (d === rank - 1) {
      const start = offset + begin[d];
      target.set(source.subarray(start, start + run), written);
      written += run;
      return;
    }
    for (let i = 0; i < size[d]; i++) copy(d + 1, offset + (begin[d] + i) * strides[d]);
  };
  copy(0, 0);
  return out;
}

function sliceKernel({ inputs, backend, attrs = {} }: KernelArgs): tf.TensorInfo {
  const x = inputs.x;
  if (!x) throw new Error('The kernel was called without its "x" input.');
  const [begin, size] = tf.slice_util.parseSliceParams(x, attrs.begin as number[], attrs.size as number[]);
  return sliceOf(backend, x, begin, size);
}

function splitV({ inputs, backend, attrs = {} }: KernelArgs): tf.TensorInfo[] {
  const x = inputs.x;
  if (!x) throw new Error('The kernel was called without its "x" input.');
  const axis = tf.util.parseAxisParam(attrs.axis as number, x.shape)[0];
  const sizes = tf.backend_util.prepareSplitSize(x as unknown as tf.Tensor, attrs.numOrSizeSplits as number[] | number, axis);
  const begin = new Array<number>(x.shape.length).fill(0);
  return sizes.map((length) => {
    const size = [...x.shape];
    size[axis] = length;
    const piece = sliceOf(backend, x, [...begin], size);
    begin[axis] += length;
    return piece;
  });
}
