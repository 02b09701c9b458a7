import * as tf from '@tensorflow/tfjs';

import { AdamBiasCorrection, adamHyperParameters, type AdamConfig, type AdamHyperParameters } from './adam-reference';

/**
 * Adam over parameters that are plain tensors (not tf.Variables), computing what tf.train.adam
 * computes, so a loop using it follows model.fit step for step (to float32 rounding). It exists
 * because the training loop computes its gradients by hand: no gradient tape, no per-variable
 * bookkeeping, and as few passes over the parameters as the arithmetic allows, which is what a
 * training step of a small head spends most of its time on.
 *
 * tf.train.adam makes 14 elementwise passes per parameter per step; keeping the moments rescaled
 * (AdamBiasCorrection.rescaled in adam-reference.ts) leaves 10.
 */
export class TensorAdam {
  /** M = m / (1 - beta1) and V = v / (1 - beta2), per parameter. */
  private readonly firstMoments: tf.Tensor[];
  private readonly secondMoments: tf.Tensor[];
  private readonly constants: { beta1: tf.Scalar; beta2: tf.Scalar };
  private readonly hyper: AdamHyperParameters;
  private readonly correction: AdamBiasCorrection;

  /** One pair of moment estimates per shape in `shapes`, in the order step() receives parameters. */
  constructor(shapes: number[][], config: AdamConfig) {
    this.hyper = adamHyperParameters(config, tf.backend().epsilon());
    this.correction = new AdamBiasCorrection(this.hyper.beta1, this.hyper.beta2);
    this.firstMoments = shapes.map((shape) => tf.zeros(shape));
    this.secondMoments = shapes.map((shape) => tf.zeros(shape));
    this.constants = { beta1: tf.scalar(this.hyper.beta1), beta2: tf.scalar(this.hyper.beta2) };
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
    const scalars = this.correction.rescaled(this.hyper);
    const updated = tf.tidy(() => {
      const negativeRate = tf.scalar(-scalars.rate);
      const epsilon = tf.scalar(scalars.epsilon);
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
    this.correction.advance();
    return updated.map(([, , next]) => next);
  }

  dispose(): void {
    tf.dispose([...this.firstMoments, ...this.secondMoments, ...Object.values(this.constants)]);
  }
}
