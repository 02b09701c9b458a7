// Teachable Machine's library loads its trunk from a fixed URL and cuts it with
// mobilenet.getLayer('out_relu'), so it needs the canonical "no_top" layout: a top-level
// functional model that has out_relu among its layers. The app installs the same weights as a
// Sequential[functional no_top model, pooling]; this rewrites that model.json into the no_top
// layout (same weight names, same weight file), so the bench can serve the library our own copy.

interface LayerJson {
  class_name: string;
  name?: string;
  config: { name?: string; layers?: LayerJson[] } & Record<string, unknown>;
}

interface ModelJson {
  modelTopology: Record<string, unknown>;
  weightsManifest: unknown;
  [key: string]: unknown;
}

/** The URL Teachable Machine's createTeachable({}, { version: 2, alpha: 0.35 }) loads. */
export const TM_V2_TRUNK_URL =
  'https://storage.googleapis.com/teachable-machine-models/mobilenet_v2_weights_tf_dim_ordering_tf_kernels_0.35_224_no_top/model.json';
export const TM_TRUNK_URL_PATTERN = 'https://storage.googleapis.com/teachable-machine-models/**';

function topology(json: ModelJson): LayerJson {
  const top = json.modelTopology as Record<string, unknown>;
  // Keras 2 exports nest the model under model_config.
  return (top.model_config as LayerJson | undefined) ?? (top as unknown as LayerJson);
}

function hasLayer(model: LayerJson, name: string): boolean {
  return (model.config.layers ?? []).some((layer) => (layer.name ?? layer.config.name) === name);
}

/** The model.json in the layout Teachable Machine's loader expects, or an error saying why not. */
export function toNoTopLayout(json: ModelJson): ModelJson {
  const model = topology(json);
  if (hasLayer(model, 'out_relu')) return json;
  const first = model.config.layers?.find((layer) => layer.class_name !== 'InputLayer');
  if (
    model.class_name === 'Sequential' &&
    first &&
    (first.class_name === 'Model' || first.class_name === 'Functional') &&
    hasLayer(first, 'out_relu')
  ) {
    const top = json.modelTopology as Record<string, unknown>;
    return {
      ...json,
      modelTopology: { keras_version: top.keras_version, backend: top.backend, class_name: first.class_name, config: first.config },
    };
  }
  throw new Error(
    'this model.json has no layer named out_relu at the top or in its first nested model, so Teachable Machine cannot cut it',
  );
}
