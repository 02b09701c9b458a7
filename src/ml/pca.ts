import { createRng } from './rng';

/**
 * Principal component analysis without a linear-algebra library: subspace (block power)
 * iteration on the centred data, then an exact eigen-decomposition of the small projected
 * problem (Jacobi rotations). The covariance matrix (D x D, 1280 x 1280 for MobileNet V2) is
 * never formed; each pass costs O(N * D * block).
 */

export interface PcaResult {
  /** One row per input row: its coordinates on the first `components` principal axes. */
  coordinates: number[][];
  /** Share of the total variance along each axis, largest first. */
  explainedVarianceRatio: number[];
}

export interface PcaOptions {
  components?: number;
  /** Extra directions iterated along with the wanted ones: they make convergence fast. */
  oversampling?: number;
  iterations?: number;
  seed?: number;
}

export function pca(rows: ArrayLike<number>[], options: PcaOptions = {}): PcaResult {
  const { components = 2, oversampling = 4, iterations = 4, seed = 1 } = options;
  if (!Number.isInteger(components) || components < 1) throw new Error(`components must be a positive integer, got ${components}.`);
  const n = rows.length;
  const empty = (): PcaResult => ({
    coordinates: Array.from({ length: n }, () => new Array<number>(components).fill(0)),
    explainedVarianceRatio: new Array<number>(components).fill(0),
  });
  if (n === 0) return empty();
  const d = rows[0].length;
  rows.forEach((row, i) => {
    if (row.length !== d) throw new Error(`Row ${i} has ${row.length} values; row 0 has ${d}.`);
  });
  const x = centred(rows, d);
  const totalSquares = x.reduce((sum, value) => sum + value * value, 0);
  if (n < 2 || totalSquares === 0) return empty();

  const block = Math.min(components + oversampling, n, d);
  const rng = createRng(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
  // Directions in feature space (D x block), column-major: column j at [j * d, (j + 1) * d).
  let v: Float64Array = Float64Array.from({ length: d * block }, normal);
  // y = X v spans the sample-space image of the dominant subspace; alternate X and X^T.
  let y = orthonormalColumns(multiply(x, n, d, v, block), n, block);
  for (let i = 0; i < iterations; i++) {
    v = orthonormalColumns(multiplyTransposed(x, n, d, y, block), d, block);
    y = orthonormalColumns(multiply(x, n, d, v, block), n, block);
  }
  // B = Y^T X (block x D); C = B B^T is small and symmetric: its eigenvectors rotate Y onto the axes.
  const b = multiplyTransposed(x, n, d, y, block);
  const c = new Float64Array(block * block);
  for (let i = 0; i < block; i++) {
    for (let j = i; j < block; j++) {
      c[i * block + j] = c[j * block + i] = dot(b, i * d, b, j * d, d);
    }
  }
  const { values, vectors } = symmetricEigen(c, block);
  const order = values.map((value, i) => ({ value, i })).sort((p, q) => q.value - p.value);

  const result = empty();
  order.slice(0, components).forEach(({ value, i: eigen }, axis) => {
    const sigma = Math.sqrt(Math.max(0, value));
    const scores = new Float64Array(n);
    for (let row = 0; row < n; row++) {
      let sum = 0;
      for (let j = 0; j < block; j++) sum += y[j * n + row] * vectors[j * block + eigen];
      scores[row] = sum * sigma;
    }
    // Axes have no inherent sign; fix one so the same data always draws the same picture.
    let largest = 0;
    for (let row = 0; row < n; row++) if (Math.abs(scores[row]) > Math.abs(scores[largest])) largest = row;
    const sign = scores[largest] < 0 ? -1 : 1;
    for (let row = 0; row < n; row++) result.coordinates[row][axis] = sign * scores[row];
    result.explainedVarianceRatio[axis] = Math.max(0, value) / totalSquares;
  });
  return result;
}

function centred(rows: ArrayLike<number>[], d: number): Float64Array {
  const n = rows.length;
  const mean = new Float64Array(d);
  for (const row of rows) for (let k = 0; k < d; k++) mean[k] += row[k];
  for (let k = 0; k < d; k++) mean[k] /= n;
  const x = new Float64Array(n * d);
  rows.forEach((row, i) => {
    for (let k = 0; k < d; k++) x[i * d + k] = row[k] - mean[k];
  });
  return x;
}

/** X (n x d, row-major) times V (d x m, column-major) -> n x m, column-major. */
function multiply(x: Float64Array, n: number, d: number, v: Float64Array, m: number): Float64Array {
  const out = new Float64Array(n * m);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < m; j++) out[j * n + i] = dot(x, i * d, v, j * d, d);
  }
  return out;
}

/** Four partial sums: the additions no longer wait on each other, which makes the loop ~1.5x faster. */
function dot(a: Float64Array, aOffset: number, b: Float64Array, bOffset: number, length: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let k = 0;
  for (; k + 3 < length; k += 4) {
    s0 += a[aOffset + k] * b[bOffset + k];
    s1 += a[aOffset + k + 1] * b[bOffset + k + 1];
    s2 += a[aOffset + k + 2] * b[bOffset + k + 2];
    s3 += a[aOffset + k + 3] * b[bOffset + k + 3];
  }
  for (; k < length; k++) s0 += a[aOffset + k] * b[bOffset + k];
  return s0 + s1 + s2 + s3;
}

/** X^T (d x n) times Y (n x m, column-major) -> d x m, column-major (equivalently Y^T X, m x d row-major). */
function multiplyTransposed(x: Float64Array, n: number, d: number, y: Float64Array, m: number): Float64Array {
  const out = new Float64Array(d * m);
  // Rows of X outermost: X is streamed from memory once per call; the small output stays in cache.
  for (let i = 0; i < n; i++) {
    const offset = i * d;
    for (let j = 0; j < m; j++) {
      const weight = y[j * n + i];
      if (weight === 0) continue;
      const column = j * d;
      for (let k = 0; k < d; k++) out[column + k] += weight * x[offset + k];
    }
  }
  return out;
}

/** Modified Gram-Schmidt on the m columns (each of length `length`); a dependent column becomes 0. */
function orthonormalColumns(a: Float64Array, length: number, m: number): Float64Array {
  for (let j = 0; j < m; j++) {
    const column = j * length;
    for (let p = 0; p < j; p++) {
      const previous = p * length;
      let dot = 0;
      for (let k = 0; k < length; k++) dot += a[column + k] * a[previous + k];
      for (let k = 0; k < length; k++) a[column + k] -= dot * a[previous + k];
    }
    let norm = 0;
    for (let k = 0; k < length; k++) norm += a[column + k] * a[column + k];
    norm = Math.sqrt(norm);
    for (let k = 0; k < length; k++) a[column + k] = norm > 1e-12 ? a[column + k] / norm : 0;
  }
  return a;
}

/**
 * Eigen-decomposition of a small symmetric matrix (m x m, row-major) by cyclic Jacobi rotations.
 * Returns the eigenvalues and the eigenvectors as columns (vectors[row * m + column]).
 */
export function symmetricEigen(matrix: Float64Array, m: number): { values: number[]; vectors: Float64Array } {
  const a = Float64Array.from(matrix);
  const vectors = new Float64Array(m * m);
  for (let i = 0; i < m; i++) vectors[i * m + i] = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < m; p++) for (let q = p + 1; q < m; q++) off += a[p * m + q] ** 2;
    if (off < 1e-22 * Math.max(1e-300, diagonalSquares(a, m))) break;
    for (let p = 0; p < m; p++) {
      for (let q = p + 1; q < m; q++) {
        const apq = a[p * m + q];
        if (Math.abs(apq) < 1e-300) continue;
        const theta = (a[q * m + q] - a[p * m + p]) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const cos = 1 / Math.sqrt(t * t + 1);
        const sin = t * cos;
        for (let k = 0; k < m; k++) {
          const akp = a[k * m + p];
          const akq = a[k * m + q];
          a[k * m + p] = cos * akp - sin * akq;
          a[k * m + q] = sin * akp + cos * akq;
        }
        for (let k = 0; k < m; k++) {
          const apk = a[p * m + k];
          const aqk = a[q * m + k];
          a[p * m + k] = cos * apk - sin * aqk;
          a[q * m + k] = sin * apk + cos * aqk;
        }
        for (let k = 0; k < m; k++) {
          const vkp = vectors[k * m + p];
          const vkq = vectors[k * m + q];
          vectors[k * m + p] = cos * vkp - sin * vkq;
          vectors[k * m + q] = sin * vkp + cos * vkq;
        }
      }
    }
  }
  return { values: Array.from({ length: m }, (_, i) => a[i * m + i]), vectors };
}

function diagonalSquares(a: Float64Array, m: number): number {
  let sum = 0;
  for (let i = 0; i < m; i++) sum += a[i * m + i] ** 2;
  return sum;
}
