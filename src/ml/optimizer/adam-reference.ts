/**
 * Adam, defined once: the hyper-parameters, tf.train.adam's float32 bias corrections, and the
 * update in plain float64 arithmetic as the reference every form is tested against
 * (adam-forms.test.ts). The forms compute the same update for different places the weights live:
 *  - tensor-adam.ts (TensorAdam): parameters as backend tensors, 10 kernels per parameter (the
 *    head on a GPU backend, and the SIMD form's fallback);
 *  - flat-adam.ts (FlatAdam): all of a model's tf.Variables as one flat vector (the lab's
 *    convolutional models: ~160 small variables);
 *  - simd-adam.ts (SimdAdam): one large Float32Array in a WebAssembly SIMD pass (the head's hidden
 *    layer on CPU backends, 128 k weights);
 *  - js-adam.ts (JsAdam): a small Float32Array in a JS loop (the head's output layer on CPU
 *    backends, a few hundred weights).
 *
 *   m' = b1 m + (1 - b1) g,   v' = b2 v + (1 - b2) g^2,
 *   p' = p - lr (m' / (1 - b1^t)) / (sqrt(v' / (1 - b2^t)) + eps).
 */

export interface AdamConfig {
  learningRate: number;
  beta1?: number;
  beta2?: number;
  /** Defaults to the backend's epsilon, like tf.train.adam. */
  epsilon?: number;
}

export type AdamHyperParameters = Required<AdamConfig>;

/** tf.train.adam's defaults. */
export const ADAM_BETA1 = 0.9;
export const ADAM_BETA2 = 0.999;

export function adamHyperParameters(config: AdamConfig, backendEpsilon: number): AdamHyperParameters {
  return {
    learningRate: config.learningRate,
    beta1: config.beta1 ?? ADAM_BETA1,
    beta2: config.beta2 ?? ADAM_BETA2,
    epsilon: config.epsilon ?? backendEpsilon,
  };
}

/**
 * The bias corrections 1 - beta^t of the step about to be taken, with beta^t kept in float32
 * exactly as tf.train.adam's accBeta variables are (so a form follows model.fit to float32
 * rounding, which train-head-reference.test.ts checks).
 */
export class AdamBiasCorrection {
  private accBeta1: number;
  private accBeta2: number;

  constructor(
    private readonly beta1: number,
    private readonly beta2: number,
  ) {
    this.accBeta1 = Math.fround(beta1);
    this.accBeta2 = Math.fround(beta2);
  }

  /** 1 - beta1^t and 1 - beta2^t for the current step t, in float32. */
  get first(): number {
    return Math.fround(1 - this.accBeta1);
  }

  get second(): number {
    return Math.fround(1 - this.accBeta2);
  }

  /**
   * The per-step scalars of the rescaled-moment form (TensorAdam, SimdAdam), which keeps
   * M = m / (1 - b1) and V = v / (1 - b2) so every constant factor moves into two scalars:
   *   M' = b1 M + g,   V' = b2 V + g^2,   p' = p - rate M' / (sqrt(V') + epsilon),
   *   rate = lr (1 - b1) / (1 - b1^t) / sqrt(c),   epsilon = eps / sqrt(c),   c = (1 - b2) / (1 - b2^t).
   */
  rescaled(hyper: AdamHyperParameters): { rate: number; epsilon: number } {
    const secondScale = (1 - hyper.beta2) / this.second;
    return {
      rate: (hyper.learningRate * (1 - hyper.beta1)) / this.first / Math.sqrt(secondScale),
      epsilon: hyper.epsilon / Math.sqrt(secondScale),
    };
  }

  /** Moves to the next step. */
  advance(): void {
    this.accBeta1 = Math.fround(this.accBeta1 * Math.fround(this.beta1));
    this.accBeta2 = Math.fround(this.accBeta2 * Math.fround(this.beta2));
  }
}

/**
 * The reference: `steps` Adam updates of `initial` in float64 with exact bias corrections.
 * For tests; the forms run in float32 and agree with it to float32 rounding.
 */
export function referenceAdam(initial: ArrayLike<number>, gradients: ArrayLike<number>[], hyper: AdamHyperParameters): Float64Array {
  const { learningRate, beta1, beta2, epsilon } = hyper;
  const params = Float64Array.from(initial);
  const m = new Float64Array(params.length);
  const v = new Float64Array(params.length);
  gradients.forEach((gradient, index) => {
    const t = index + 1;
    for (let k = 0; k < params.length; k++) {
      const g = gradient[k];
      m[k] = beta1 * m[k] + (1 - beta1) * g;
      v[k] = beta2 * v[k] + (1 - beta2) * g * g;
      params[k] -= (learningRate * (m[k] / (1 - beta1 ** t))) / (Math.sqrt(v[k] / (1 - beta2 ** t)) + epsilon);
    }
  });
  return params;
}
