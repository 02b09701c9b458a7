/**
 * Adam for one large float32 parameter array in a tiny hand-assembled WebAssembly module with
 * SIMD: one pass over the weights per step, four lanes at a time, instead of the ten backend
 * kernels of TensorAdam (tensor-adam.ts), each of which reads and writes the whole array. For the head's
 * hidden kernel (128 k weights) that pass was the largest part of a training step on the wasm
 * backend. The arithmetic is TensorAdam's, in float32 (rescaled moments, same order of operations):
 *   M' = b1 M + g,   V' = b2 V + g^2,   p' = (M' / (sqrt(V') + e)) * (-k) + p.
 * The parameters, moments and gradient live in the module's own memory; the caller copies the
 * gradient in and the parameters out (three 0.5 MB copies, far cheaper than ten passes).
 * Where WebAssembly SIMD is unavailable, create() returns null and the caller keeps TensorAdam.
 */

import { AdamBiasCorrection, adamHyperParameters, type AdamConfig, type AdamHyperParameters } from './adam-reference';

// ---- The module, assembled by hand (no toolchain). Equivalent text format:
// (module
//   (memory (export "memory") 1)
//   (func (export "adam") (param $n i32) (param $b1 f32) (param $b2 f32) (param $negk f32) (param $e f32)
//     (local $i i32) (local $gp i32) (local $mp i32) (local $vp i32) (local $end i32)
//     (local $g v128) (local $m v128) (local $v v128) (local $vb1 v128) (local $vb2 v128) (local $vk v128) (local $ve v128)
//     ;; bytes: params at 0, gradient at 4n, first moments at 8n, second moments at 12n
//     (local.set $gp (local.tee $end (i32.shl (local.get $n) (i32.const 2))))
//     (local.set $mp (i32.shl (local.get $end) (i32.const 1)))
//     (local.set $vp (i32.mul (local.get $end) (i32.const 3)))
//     ...splat $b1 $b2 $negk $e...
//     (block (loop
//       (br_if 1 (i32.ge_u (local.get $i) (local.get $end)))
//       (local.set $g (v128.load (i32.add (local.get $i) (local.get $gp))))
//       (v128.store (i32.add (local.get $i) (local.get $mp))
//         (local.tee $m (f32x4.add (f32x4.mul (v128.load (i32.add (local.get $i) (local.get $mp))) (local.get $vb1)) (local.get $g))))
//       (v128.store (i32.add (local.get $i) (local.get $vp))
//         (local.tee $v (f32x4.add (f32x4.mul (v128.load (i32.add (local.get $i) (local.get $vp))) (local.get $vb2)) (f32x4.mul (local.get $g) (local.get $g)))))
//       (v128.store (local.get $i)
//         (f32x4.add (f32x4.mul (f32x4.div (local.get $m) (f32x4.add (f32x4.sqrt (local.get $v)) (local.get $ve))) (local.get $vk)) (v128.load (local.get $i))))
//       (local.set $i (i32.add (local.get $i) (i32.const 16)))
//       (br 0))))

const OP = {
  block: 0x02,
  loop: 0x03,
  br: 0x0c,
  brIf: 0x0d,
  end: 0x0b,
  localGet: 0x20,
  localSet: 0x21,
  localTee: 0x22,
  i32Const: 0x41,
  i32GeU: 0x4f,
  i32Add: 0x6a,
  i32Mul: 0x6c,
  i32Shl: 0x74,
  void: 0x40,
} as const;
const SIMD = 0xfd;
const V128_LOAD = [SIMD, 0x00, 4, 0]; // memarg: align 2^4, offset 0
const V128_STORE = [SIMD, 0x0b, 4, 0];
const F32X4_SPLAT = [SIMD, 0x13];
const F32X4_SQRT = [SIMD, 0xe3, 0x01];
const F32X4_ADD = [SIMD, 0xe4, 0x01];
const F32X4_MUL = [SIMD, 0xe6, 0x01];
const F32X4_DIV = [SIMD, 0xe7, 0x01];
const I32 = 0x7f;
const F32 = 0x7d;
const V128 = 0x7b;

const [N, B1, B2, NEG_K, EPS] = [0, 1, 2, 3, 4];
const [I, GP, MP, VP, END, G, M, V, VB1, VB2, VK, VE] = [5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16];

const get = (local: number) => [OP.localGet, local];
const set = (local: number) => [OP.localSet, local];
const tee = (local: number) => [OP.localTee, local];
const at = (base: number) => [...get(I), ...get(base), OP.i32Add];

const BODY = [
  // locals: 5 x i32, 7 x v128
  2,
  5,
  I32,
  7,
  V128,
  ...get(N),
  OP.i32Const,
  2,
  OP.i32Shl,
  ...tee(END),
  ...set(GP),
  ...get(END),
  OP.i32Const,
  1,
  OP.i32Shl,
  ...set(MP),
  ...get(END),
  OP.i32Const,
  3,
  OP.i32Mul,
  ...set(VP),
  ...get(B1),
  ...F32X4_SPLAT,
  ...set(VB1),
  ...get(B2),
  ...F32X4_SPLAT,
  ...set(VB2),
  ...get(NEG_K),
  ...F32X4_SPLAT,
  ...set(VK),
  ...get(EPS),
  ...F32X4_SPLAT,
  ...set(VE),
  OP.block,
  OP.void,
  OP.loop,
  OP.void,
  ...get(I),
  ...get(END),
  OP.i32GeU,
  OP.brIf,
  1,
  ...at(GP),
  ...V128_LOAD,
  ...set(G),
  ...at(MP),
  ...at(MP),
  ...V128_LOAD,
  ...get(VB1),
  ...F32X4_MUL,
  ...get(G),
  ...F32X4_ADD,
  ...tee(M),
  ...V128_STORE,
  ...at(VP),
  ...at(VP),
  ...V128_LOAD,
  ...get(VB2),
  ...F32X4_MUL,
  ...get(G),
  ...get(G),
  ...F32X4_MUL,
  ...F32X4_ADD,
  ...tee(V),
  ...V128_STORE,
  ...get(I),
  ...get(M),
  ...get(V),
  ...F32X4_SQRT,
  ...get(VE),
  ...F32X4_ADD,
  ...F32X4_DIV,
  ...get(VK),
  ...F32X4_MUL,
  ...get(I),
  ...V128_LOAD,
  ...F32X4_ADD,
  ...V128_STORE,
  ...get(I),
  OP.i32Const,
  16,
  OP.i32Add,
  ...set(I),
  OP.br,
  0,
  OP.end,
  OP.end,
  OP.end,
];

function uleb(value: number): number[] {
  const bytes: number[] = [];
  do {
    let byte = value & 0x7f;
    value >>>= 7;
    if (value !== 0) byte |= 0x80;
    bytes.push(byte);
  } while (value !== 0);
  return bytes;
}

const section = (id: number, content: number[]) => [id, ...uleb(content.length), ...content];
const name = (text: string) => [...uleb(text.length), ...Array.from(text, (c) => c.charCodeAt(0))];

/** The module's bytes (exported for the test that validates them). */
export const SIMD_ADAM_WASM = new Uint8Array([
  0x00,
  0x61,
  0x73,
  0x6d,
  0x01,
  0x00,
  0x00,
  0x00,
  ...section(1, [1, 0x60, 5, I32, F32, F32, F32, F32, 0]), // type: (i32 f32 f32 f32 f32) -> ()
  ...section(3, [1, 0]), // one function of type 0
  ...section(5, [1, 0x00, 1]), // one memory, at least one page, growable
  ...section(7, [2, ...name('memory'), 0x02, 0, ...name('adam'), 0x00, 0]),
  ...section(10, [1, ...uleb(BODY.length), ...BODY]),
]);

interface AdamExports {
  memory: WebAssembly.Memory;
  adam: (n: number, beta1: number, beta2: number, negativeRate: number, epsilon: number) => void;
}

let compiled: WebAssembly.Module | null | undefined;

function compiledModule(): WebAssembly.Module | null {
  if (compiled !== undefined) return compiled;
  try {
    compiled = typeof WebAssembly !== 'undefined' && WebAssembly.validate(SIMD_ADAM_WASM) ? new WebAssembly.Module(SIMD_ADAM_WASM) : null;
  } catch {
    compiled = null;
  }
  return compiled;
}

export class SimdAdam {
  /** The parameters, updated in place by step(); a view of the module's memory. */
  readonly params: Float32Array;
  private readonly gradient: Float32Array;
  private readonly padded: number;
  private readonly correction: AdamBiasCorrection;

  private constructor(
    private readonly exports: AdamExports,
    readonly size: number,
    private readonly hyper: AdamHyperParameters,
  ) {
    this.padded = Math.ceil(size / 4) * 4;
    const bytesNeeded = this.padded * 4 * 4;
    const pages = Math.ceil(bytesNeeded / 65536) - exports.memory.buffer.byteLength / 65536;
    if (pages > 0) exports.memory.grow(pages);
    this.params = new Float32Array(exports.memory.buffer, 0, size);
    this.gradient = new Float32Array(exports.memory.buffer, this.padded * 4, this.padded);
    this.correction = new AdamBiasCorrection(hyper.beta1, hyper.beta2);
  }

  /** An optimizer for `initial` (copied in), or null where WebAssembly SIMD is unavailable. */
  static create(initial: Float32Array, config: AdamConfig & { epsilon: number }): SimdAdam | null {
    const module = compiledModule();
    if (!module) return null;
    const instance = new WebAssembly.Instance(module, {});
    const adam = new SimdAdam(instance.exports as unknown as AdamExports, initial.length, adamHyperParameters(config, config.epsilon));
    adam.params.set(initial);
    return adam;
  }

  /** One Adam step with `gradient` (copied in); params then hold the new values. */
  step(gradient: ArrayLike<number>): void {
    if (gradient.length !== this.size) throw new Error(`Adam holds ${this.size} weights; got a gradient of ${gradient.length}.`);
    this.gradient.set(gradient);
    // The same per-step scalars as TensorAdam.
    const { rate, epsilon } = this.correction.rescaled(this.hyper);
    this.exports.adam(this.padded, this.hyper.beta1, this.hyper.beta2, -rate, epsilon);
    this.correction.advance();
  }
}
