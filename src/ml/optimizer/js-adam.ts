import { AdamBiasCorrection, adamHyperParameters, type AdamConfig, type AdamHyperParameters } from './adam-reference';

/**
 * Adam over a small Float32Array in a plain JS loop (adam-reference.ts's update, float32
 * storage). For the head's output layer on CPU backends: a few hundred weights, where ten
 * backend kernels cost more in bookkeeping than the arithmetic (output-layer-js.ts).
 */
export class JsAdam {
  private readonly first: Float32Array;
  private readonly second: Float32Array;
  private readonly hyper: AdamHyperParameters;
  private readonly correction: AdamBiasCorrection;

  /** Updates `params` in place. */
  constructor(
    readonly params: Float32Array,
    config: AdamConfig & { epsilon: number },
  ) {
    this.hyper = adamHyperParameters(config, config.epsilon);
    this.first = new Float32Array(params.length);
    this.second = new Float32Array(params.length);
    this.correction = new AdamBiasCorrection(this.hyper.beta1, this.hyper.beta2);
  }

  /** One step; the gradient is rounded to float32 as a backend tensor would hold it. */
  step(gradient: ArrayLike<number>): void {
    const { params, first, second } = this;
    if (gradient.length !== params.length) throw new Error(`Adam holds ${params.length} weights; got a gradient of ${gradient.length}.`);
    const { learningRate, beta1, beta2, epsilon } = this.hyper;
    const correction1 = this.correction.first;
    const correction2 = this.correction.second;
    for (let k = 0; k < params.length; k++) {
      const g = Math.fround(gradient[k]);
      first[k] = beta1 * first[k] + (1 - beta1) * g;
      second[k] = beta2 * second[k] + (1 - beta2) * g * g;
      params[k] -= (learningRate * (first[k] / correction1)) / (Math.sqrt(second[k] / correction2) + epsilon);
    }
    this.correction.advance();
  }
}
