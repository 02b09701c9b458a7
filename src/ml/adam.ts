import * as tf from '@tensorflow/tfjs';

/**
 * Adam over parameters that are plain tensors (not tf.Variables), computing what tf.train.adam
 * computes, so a loop using it follows model.fit step for step (to float32 rounding). It exists
 * because the training loop computes its gradients by hand: no gradient tape, no per-variable
 * bookkeeping, and as few passes over the parameters as the arithmetic allows, which is what a
 * training step of a small head spends most of its time on.
 *
 * tf.train.adam makes 14 elementwise passes per parameter per step:
 *   m' = b1 m + (1 - b1) g,   v' = b2 v + (1 - b2) g^2,
 *   p' = p - lr (m' / (1 - b1^t)) / (sqrt(v' / (1 - b2^t)) + eps).
 * Keeping the moments rescaled, M = m / (1 - b1) and V = v / (1 - b2), moves every constant
 * factor into per-step scalars and leaves 10:
 *   M' = b1 M + g,   V' = b2 V + g^2,   p' = p - k M' / (sqrt(V') + e),
 *   k = lr (1 - b1) / (1 - b1^t) / sqrt(c),   e = eps / sqrt(c),   c = (1 - b2) / (1 - b2^t).
 */

export interface AdamConfig {
  learningRate: number;
  beta1?: number;
  beta2?: number;
  /** Defaults to the backend's epsilon, like tf.train.adam. */
  epsilon?: number;
}

export class HandAdam {
  /** M = m / (1 - beta1) and V = v / (1 - beta2), per parameter. */
  private readonly firstMoments: tf.Tensor[];
  private readonly secondMoments: tf.Tensor[];
  private readonly constants: { beta1: tf.Scalar; beta2: tf.Scalar };
  private readonly beta1: number;
  private readonly beta2: number;
  private readonly learningRate: number;
  private readonly epsilon: number;
  // beta^t kept in float32 exactly as tf.train.adam's accBeta variables are.
  private accBeta1: number;
  private accBeta2: number;

  /** One pair of moment estimates per shape in `shapes`, in the order step() receives parameters. */
  constructor(shapes: number[][], config: AdamConfig) {
    this.beta1 = config.beta1 ?? 0.9;
    this.beta2 = config.beta2 ?? 0.999;
    this.learningRate = config.learningRate;
    this.epsilon = config.epsilon ?? tf.backend().epsilon();
    this.accBeta1 = Math.fround(this.beta1);
    this.accBeta2 = Math.fround(this.beta2);
    this.firstMoments = shapes.map((shape) => tf.zeros(shape));
    this.secondMoments = shapes.map((shape) => tf.zeros(shape));
    this.constants = { beta1: tf.scalar(this.beta1), beta2: tf.scalar(this.beta2) };
  }

  /**
   * One update: returns the new parameter values (the caller owns them and the old ones) and
   * advances the moment estimates. Gradients are read, not disposed.
   */
  step(parameters: tf.Tensor[], gradients: tf.Tensor[]): tf.Tensor[] {
    if (parameters.length !== this.firstMoments.length || gradients.length !== parameters.length) {
      throw new Error(
        `Adam holds ${this.firstMoments.length} parameters; got ${parameters.length} values and ${gradients.length} gradients.`,
      );
    }
    const { beta1, beta2 } = this.constants;
    // The per-step scalars, from the float32 bias corrections tf.train.adam uses.
    const secondScale = (1 - this.beta2) / Math.fround(1 - this.accBeta2);
    const rate = (this.learningRate * (1 - this.beta1)) / Math.fround(1 - this.accBeta1) / Math.sqrt(secondScale);
    const updated = tf.tidy(() => {
      const negativeRate = tf.scalar(-rate);
      const epsilon = tf.scalar(this.epsilon / Math.sqrt(secondScale));
      // Each temporary is freed as soon as it has been read, not only when the tidy ends: the
      // backend's allocator then reuses one block for the next 0.5 MB result instead of
      // finding fresh memory for every intermediate (measurably cheaper per step on wasm).
      const consume = <T extends tf.Tensor>(result: T, ...used: tf.Tensor[]): T => {
        tf.dispose(used);
        return result;
      };
      return parameters.map((value, i) => {
        const gradient = gradients[i];
        const decayedFirst = tf.mul(this.firstMoments[i], beta1);
        const first = consume(tf.add(decayedFirst, gradient), decayedFirst);
        const squared = tf.square(gradient);
        const decayedSecond = tf.mul(this.secondMoments[i], beta2);
        const second = consume(tf.add(decayedSecond, squared), decayedSecond, squared);
        const root = tf.sqrt(second);
        const denominator = consume(tf.add(root, epsilon), root);
        const ratio = consume(tf.div(first, denominator), denominator);
        const delta = consume(tf.mul(ratio, negativeRate), ratio);
        const next = consume(tf.add(delta, value), delta);
        return [first, second, next];
      });
    });
    updated.forEach(([first, second], i) => {
      this.firstMoments[i].dispose();
      this.secondMoments[i].dispose();
      this.firstMoments[i] = first;
      this.secondMoments[i] = second;
    });
    this.accBeta1 = Math.fround(this.accBeta1 * Math.fround(this.beta1));
    this.accBeta2 = Math.fround(this.accBeta2 * Math.fround(this.beta2));
    return updated.map(([, , next]) => next);
  }

  dispose(): void {
    tf.dispose([...this.firstMoments, ...this.secondMoments, ...Object.values(this.constants)]);
  }
}
