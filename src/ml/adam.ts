import * as tf from '@tensorflow/tfjs';

/**
 * Adam over parameters that are plain tensors (not tf.Variables), with the same arithmetic, in
 * the same order and the same float32 rounding as tf.train.adam, so a loop using it follows
 * model.fit step for step. It exists because the training loop computes its gradients by hand:
 * no gradient tape, no per-variable bookkeeping, a fixed handful of kernels per parameter.
 */

export interface AdamConfig {
  learningRate: number;
  beta1?: number;
  beta2?: number;
  /** Defaults to the backend's epsilon, like tf.train.adam. */
  epsilon?: number;
}

export class HandAdam {
  private readonly firstMoments: tf.Tensor[];
  private readonly secondMoments: tf.Tensor[];
  private readonly constants: { beta1: tf.Scalar; oneMinusBeta1: tf.Scalar; beta2: tf.Scalar; oneMinusBeta2: tf.Scalar; epsilon: tf.Scalar; negativeRate: tf.Scalar };
  private readonly beta1: number;
  private readonly beta2: number;
  // beta^t kept in float32 exactly as tf.train.adam's accBeta variables are.
  private accBeta1: number;
  private accBeta2: number;

  /** One pair of moment estimates per shape in `shapes`, in the order step() receives parameters. */
  constructor(shapes: number[][], config: AdamConfig) {
    this.beta1 = config.beta1 ?? 0.9;
    this.beta2 = config.beta2 ?? 0.999;
    const epsilon = config.epsilon ?? tf.backend().epsilon();
    this.accBeta1 = Math.fround(this.beta1);
    this.accBeta2 = Math.fround(this.beta2);
    this.firstMoments = shapes.map((shape) => tf.zeros(shape));
    this.secondMoments = shapes.map((shape) => tf.zeros(shape));
    this.constants = {
      beta1: tf.scalar(this.beta1),
      oneMinusBeta1: tf.scalar(1 - this.beta1),
      beta2: tf.scalar(this.beta2),
      oneMinusBeta2: tf.scalar(1 - this.beta2),
      epsilon: tf.scalar(epsilon),
      negativeRate: tf.scalar(-config.learningRate),
    };
  }

  /**
   * One update: returns the new parameter values (the caller owns them and the old ones) and
   * advances the moment estimates. Gradients are read, not disposed.
   */
  step(parameters: tf.Tensor[], gradients: tf.Tensor[]): tf.Tensor[] {
    if (parameters.length !== this.firstMoments.length || gradients.length !== parameters.length) {
      throw new Error(`Adam holds ${this.firstMoments.length} parameters; got ${parameters.length} values and ${gradients.length} gradients.`);
    }
    const c = this.constants;
    const updated = tf.tidy(() => {
      const oneMinusAccBeta1 = tf.scalar(Math.fround(1 - this.accBeta1));
      const oneMinusAccBeta2 = tf.scalar(Math.fround(1 - this.accBeta2));
      return parameters.map((value, i) => {
        const gradient = gradients[i];
        const first = tf.add(tf.mul(this.firstMoments[i], c.beta1), tf.mul(gradient, c.oneMinusBeta1));
        const second = tf.add(tf.mul(this.secondMoments[i], c.beta2), tf.mul(tf.square(gradient), c.oneMinusBeta2));
        const correctedFirst = tf.div(first, oneMinusAccBeta1);
        const correctedSecond = tf.div(second, oneMinusAccBeta2);
        const next = tf.add(tf.mul(tf.div(correctedFirst, tf.add(tf.sqrt(correctedSecond), c.epsilon)), c.negativeRate), value);
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
