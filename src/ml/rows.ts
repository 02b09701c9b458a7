import * as tf from '@tensorflow/tfjs';

/**
 * Moving between the JS-side representation (one Float32Array per example, which is what the
 * dataset stores and what crosses the worker boundary) and 2-D tensors on the backend.
 */

/** Packs equally long rows into one [rows, columns] float32 tensor with a single upload. */
export function packRows(rows: Float32Array[]): tf.Tensor2D {
  if (rows.length === 0) throw new Error('packRows needs at least one row.');
  const columns = rows[0].length;
  const flat = new Float32Array(rows.length * columns);
  rows.forEach((row, i) => {
    if (row.length !== columns) {
      throw new Error(`Row ${i} has ${row.length} values; row 0 has ${columns}.`);
    }
    flat.set(row, i * columns);
  });
  return tf.tensor2d(flat, [rows.length, columns], 'float32');
}

/**
 * Reads a [rows, columns] tensor back as one Float32Array per row. Each row is its own copy so
 * that it can be transferred or stored without keeping the whole batch alive. Awaits data()
 * rather than dataSync() so a GPU backend does not block the worker's event loop.
 */
export async function readRows(tensor: tf.Tensor): Promise<Float32Array[]> {
  if (tensor.rank !== 2) {
    throw new Error(`Expected one vector per image (a 2-D tensor), got shape [${tensor.shape}].`);
  }
  const [rowCount, columns] = tensor.shape as [number, number];
  const values = await tensor.data();
  const flat = values instanceof Float32Array ? values : Float32Array.from(values);
  return Array.from({ length: rowCount }, (_, i) => flat.slice(i * columns, (i + 1) * columns));
}
