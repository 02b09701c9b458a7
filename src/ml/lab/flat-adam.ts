import * as tf from '@tensorflow/tfjs';

/**
 * Adam, exactly as tf.train.adam computes it, but on all variables at once: the gradients are
 * concatenated into one vector, the moments are two flat vectors, and the update is split back.
 * tfjs's Adam runs about 13 small kernels per variable per step; a MobileNet has about 160
 * trainable variables, so that is some 2,000 kernel calls a step, each with tens of
 * microseconds of bookkeeping that dwarfs the arithmetic at the lab's small image sizes. Here
 * it is about 3 per variable (reshape, split piece, add) plus a dozen on the flat vectors.
 */
export class FlatAdam {
  private readonly sizes: number[];
  private readonly firstMoment: tf.Variable;
  private readonly secondMoment: tf.Variable;
  private readonly epsilon: number;
  private step = 0;

  constructor(
    private readonly variables: tf.Variable[],
    private readonly learningRate: number,
    private readonly beta1 = 0.9,
    private readonly beta2 = 0.999,
    epsilon?: number,
  ) {
    if (variables.length === 0) throw new Error('FlatAdam needs at least one variable.');
    this.sizes = variables.map((variable) => variable.size);
    const total = this.sizes.reduce((a, b) => a + b, 0);
    // Inside tidy: tf.variable copies its initial value, and the zeros must not outlive it.
    this.firstMoment = tf.tidy(() => tf.variable(tf.zeros([total]), false));
    this.secondMoment = tf.tidy(() => tf.variable(tf.zeros([total]), false));
    this.epsilon = epsilon ?? tf.backend().epsilon();
  }

  /** One step down the gradient of `loss`; returns the loss, which the caller disposes. */
  minimize(loss: () => tf.Scalar): tf.Scalar {
    const { value, grads } = tf.variableGrads(loss, this.variables);
    this.step++;
    try {
      tf.tidy(() => {
        const gradient = tf.concat(this.variables.map((variable) => tf.reshape(grads[variable.name] ?? tf.zerosLike(variable), [-1])));
        const m = tf.add(tf.mul(this.firstMoment, this.beta1), tf.mul(gradient, 1 - this.beta1));
        const v = tf.add(tf.mul(this.secondMoment, this.beta2), tf.mul(tf.square(gradient), 1 - this.beta2));
        this.firstMoment.assign(m);
        this.secondMoment.assign(v);
        const correctedM = tf.div(m, 1 - this.beta1 ** this.step);
        const correctedV = tf.div(v, 1 - this.beta2 ** this.step);
        const update = tf.mul(tf.div(correctedM, tf.add(tf.sqrt(correctedV), this.epsilon)), -this.learningRate);
        const pieces = tf.split(update, this.sizes);
        this.variables.forEach((variable, i) => variable.assign(tf.add(tf.reshape(pieces[i], variable.shape), variable)));
      });
    } finally {
      tf.dispose(Object.values(grads));
    }
    return value;
  }

  dispose(): void {
    tf.dispose([this.firstMoment, this.secondMoment]);
  }
}
