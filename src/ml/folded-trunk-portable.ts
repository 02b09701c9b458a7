import * as tf from '@tensorflow/tfjs';
import { foldedTrunkOf, type FoldedProgram, type FoldedTrunk, type Op } from './folded-trunk';

/**
 * A folded trunk as plain data: the same ops with each weight tensor replaced by its values and
 * shape. It is what a second embedding worker receives so it can run the trunk the ML worker
 * folded, without loading and folding the model again (and with bit-identical weights).
 */
export interface PortableTensor {
  values: Float32Array;
  shape: number[];
}

type Portable<T> = {
  [K in keyof T]: T[K] extends tf.Tensor
    ? PortableTensor
    : T[K] extends tf.Tensor | null
      ? PortableTensor | null
      : T[K] extends tf.Tensor | undefined
        ? PortableTensor | undefined
        : T[K];
};
type PortableOp = Op extends infer O ? (O extends Op ? Portable<O> : never) : never;

export interface PortableFoldedTrunk extends Omit<FoldedProgram, 'ops'> {
  ops: PortableOp[];
}

function isPortableTensor(value: unknown): value is PortableTensor {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as PortableTensor).values instanceof Float32Array &&
    Array.isArray((value as PortableTensor).shape)
  );
}

/** Copies every weight of `trunk` into JS memory (copies: some backends' data() hands out their own storage, and these get transferred). */
export async function portableFoldedTrunk(trunk: FoldedTrunk): Promise<PortableFoldedTrunk> {
  const ops: PortableOp[] = [];
  for (const op of trunk.program.ops) {
    const entries = await Promise.all(
      Object.entries(op).map(
        async ([key, value]): Promise<[string, unknown]> => [
          key,
          value instanceof tf.Tensor ? { values: Float32Array.from((await value.data()) as Float32Array), shape: [...value.shape] } : value,
        ],
      ),
    );
    ops.push(Object.fromEntries(entries) as PortableOp);
  }
  const { input, output, imageSize, embeddingSize, stats } = trunk.program;
  return { ops, input, output, imageSize, embeddingSize, stats: { ...stats } };
}

/** The buffers of every weight, for transferring a portable trunk to a worker. */
export function portableBuffers(trunk: PortableFoldedTrunk): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  for (const op of trunk.ops)
    for (const value of Object.values(op)) if (isPortableTensor(value)) buffers.add(value.values.buffer as ArrayBuffer);
  return [...buffers];
}

/** The executor for a portable trunk on the active backend; its weights are uploaded here and freed by dispose(). */
export function foldedTrunkFromPortable(portable: PortableFoldedTrunk): FoldedTrunk {
  const created: tf.Tensor[] = [];
  try {
    const ops = portable.ops.map(
      (op) =>
        Object.fromEntries(
          Object.entries(op).map(([key, value]) => {
            if (!isPortableTensor(value)) return [key, value];
            const tensor = tf.tensor(value.values, value.shape, 'float32');
            created.push(tensor);
            return [key, tensor];
          }),
        ) as Op,
    );
    const { input, output, imageSize, embeddingSize, stats } = portable;
    return foldedTrunkOf({ ops, input, output, imageSize, embeddingSize, stats }, () => tf.dispose(created));
  } catch (error) {
    tf.dispose(created);
    throw error;
  }
}
