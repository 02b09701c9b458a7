import * as tf from '@tensorflow/tfjs';

/**
 * Splits a functional model at one layer's output into a "bottom" (image -> boundary
 * activations) and a "top" (boundary activations -> a later layer's output). The top is a new
 * graph that re-applies the original layer objects to a fresh input, so it shares their weights:
 * top(bottom(x)) is the original computation, and training the top trains those layers.
 *
 * Only the first (construction-time) node of each layer is followed, so splitting the same
 * model again, or a model whose layers were reused elsewhere, still reads the original graph.
 */

type Symbolic = tf.SymbolicTensor;

function firstNode(layer: tf.layers.Layer): { inputs: Symbolic[]; outputs: Symbolic[] } {
  const node = layer.inboundNodes[0];
  if (!node) throw new Error(`Layer "${layer.name}" is not connected in the model.`);
  return { inputs: node.inputTensors, outputs: node.outputTensors };
}

/** The output of `layerName` in `graph`; null names the graph's (single) input. */
export function tensorAt(graph: tf.LayersModel, layerName: string | null): Symbolic {
  if (layerName === null) {
    if (graph.inputs.length !== 1) throw new Error(`Model "${graph.name}" has ${graph.inputs.length} inputs; expected one.`);
    return graph.inputs[0];
  }
  const { outputs } = firstNode(graph.getLayer(layerName));
  if (outputs.length !== 1) throw new Error(`Layer "${layerName}" has ${outputs.length} outputs; a split point needs one.`);
  return outputs[0];
}

/** image -> activations at `boundary`; null when the boundary is the input itself. */
export function bottomModel(graph: tf.LayersModel, boundary: string | null): tf.LayersModel | null {
  if (boundary === null) return null;
  return tf.model({ inputs: graph.inputs, outputs: tensorAt(graph, boundary), name: `bottom_${boundary}` });
}

/**
 * activations at `boundary` -> output of `outputLayer`, built by applying every layer that lies
 * between them to a new input. Throws when the boundary is not a clean cut (some path to the
 * output bypasses it, e.g. a skip connection that starts below the boundary).
 */
export function topModel(graph: tf.LayersModel, boundary: string | null, outputLayer: string): tf.LayersModel {
  const start = tensorAt(graph, boundary);
  const target = tensorAt(graph, outputLayer);
  const input = tf.input({ shape: start.shape.slice(1) as number[], name: `top_input_${boundary ?? 'image'}` });
  const mapped = new Map<number, Symbolic>([[start.id, input]]);
  // graph.layers is ordered from the inputs towards the outputs, so one pass reaches every
  // layer after its inputs; the loop repeats only as a guard against another ordering.
  let progressed = true;
  while (!mapped.has(target.id) && progressed) {
    progressed = false;
    for (const layer of graph.layers) {
      if (mapped.has(target.id)) break;
      const { inputs, outputs } = firstNode(layer);
      if (inputs.length === 0 || outputs.every((t) => mapped.has(t.id))) continue;
      if (!inputs.every((t) => mapped.has(t.id))) continue;
      const args = inputs.map((t) => mapped.get(t.id) as Symbolic);
      const result = layer.apply(args.length === 1 ? args[0] : args) as Symbolic | Symbolic[];
      const results = Array.isArray(result) ? result : [result];
      outputs.forEach((t, i) => mapped.set(t.id, results[i]));
      progressed = true;
    }
  }
  const output = mapped.get(target.id);
  if (!output) {
    throw new Error(`"${boundary ?? 'the input'}" is not a clean cut of ${graph.name}: "${outputLayer}" also depends on layers below it.`);
  }
  return tf.model({ inputs: input, outputs: output, name: `top_${boundary ?? 'image'}` });
}
