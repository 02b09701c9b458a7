#!/usr/bin/env python3
"""Trains a Transfer Lab project's model with TensorFlow/Keras and writes it back as a
Teachable-Machine-format zip (model.json + weights.bin + metadata.json) that Transfer Lab's
Import panel opens. Reads this package: dataset.json, photos/, model/ (see README.md).

    python train.py                       # the app's recipe: frozen trunk, dense head, Adam
    python train.py --fine-tune-blocks 2  # also trains the trunk's top 2 blocks
    python train.py --epochs 2 --out model.zip

No tensorflowjs package: model.json is JSON, weights.bin is the manifest's tensors as
little-endian float32, one after the other in manifest order.
"""

import argparse
import io
import json
import os
import re
import sys
import time
import zipfile

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--package", default=HERE, help="the unzipped training package (default: this folder)")
    p.add_argument("--out", default="transfer-lab-keras-model.zip", help="the zip to write")
    p.add_argument("--epochs", type=int, help="default: the app's setting in dataset.json")
    p.add_argument("--batch-size", type=int, help="global batch size, split across replicas (default: the app's)")
    p.add_argument("--learning-rate", type=float, help="default: the app's")
    p.add_argument("--seed", type=int, help="default: the app's")
    p.add_argument("--fine-tune-blocks", type=int, default=0,
                   help="also train the trunk's top K blocks end to end (0: frozen trunk, as in the app)")
    p.add_argument("--fine-tune-learning-rate", type=float, default=1e-4,
                   help="Adam's rate while fine-tuning (the head first trains with the app's rate)")
    p.add_argument("--strategy", choices=["auto", "mirrored", "multi-worker", "none"], default="auto",
                   help="auto: MirroredStrategy over every GPU found when there are 2 or more; "
                        "multi-worker: MultiWorkerMirroredStrategy configured by TF_CONFIG")
    p.add_argument("--cache", default="",
                   help="while fine-tuning, keep the preprocessed photos after the first epoch: 'memory', or a file "
                        "path prefix on a fast disk (600 KB per photo); default: decode every epoch")
    p.add_argument("--report", help="also write the run's figures (accuracy, per-epoch times, test predictions) as JSON here")
    return p.parse_args(argv)


# ---------- our tfjs layers format ----------

def read_tfjs_weights(model_json_path):
    """model.json and its weights: {name: float32 array} in manifest order."""
    with open(model_json_path, encoding="utf-8") as f:
        model_json = json.load(f)
    folder = os.path.dirname(model_json_path)
    weights = {}
    for group in model_json["weightsManifest"]:
        data = b"".join(open(os.path.join(folder, path), "rb").read() for path in group["paths"])
        offset = 0
        for spec in group["weights"]:
            if spec.get("dtype", "float32") != "float32" or "quantization" in spec:
                sys.exit(f"{spec['name']}: only float32 weights are read (export the model unquantised).")
            count = int(np.prod(spec["shape"])) if spec["shape"] else 1
            values = np.frombuffer(data, dtype="<f4", count=count, offset=offset).reshape(spec["shape"])
            weights[spec["name"]] = values
            offset += 4 * count
        if offset != len(data):
            sys.exit(f"{model_json_path}: the manifest describes {offset} bytes, the weight files hold {len(data)}.")
    return model_json, weights


def tfjs_weights_bytes(model_json, values_by_name):
    """weights.bin for model_json's manifest, from {name: array}."""
    chunks = []
    for group in model_json["weightsManifest"]:
        for spec in group["weights"]:
            value = np.asarray(values_by_name[spec["name"]], dtype="<f4")
            if list(value.shape) != list(spec["shape"]):
                sys.exit(f"{spec['name']}: shape {list(value.shape)}, the manifest says {spec['shape']}.")
            chunks.append(value.tobytes())
    return b"".join(chunks)


# ---------- the model ----------

def build_trunk(keras, trunk_info, weights):
    """The Keras application with our trunk's weights, cut where the app cuts it (global average pooling)."""
    size = trunk_info["imageSize"]
    match = re.search(r"mobilenet_v([12])_([0-9.]+)_", trunk_info["id"])
    version = match.group(1) if match else ("2" if "Conv1/kernel" in weights else "1")
    candidates = [float(match.group(2))] if match else [0.35, 0.5, 0.75, 1.0, 0.25, 1.3, 1.4]
    for alpha in candidates:
        app = keras.applications.MobileNetV2 if version == "2" else keras.applications.MobileNet
        trunk = app(input_shape=(size, size, 3), alpha=alpha, include_top=False, weights=None, pooling="avg")
        try:
            load_layer_weights(trunk, weights)
        except ValueError:
            continue
        if trunk.output_shape[-1] != trunk_info["embeddingSize"]:
            sys.exit(f"The rebuilt trunk gives {trunk.output_shape[-1]} features, dataset.json says {trunk_info['embeddingSize']}.")
        return trunk
    sys.exit(f"The trunk {trunk_info['id']} is not a MobileNet V1/V2 this script can rebuild from its weights.")


def weight_key(layer, variable):
    """The tfjs manifest name of a Keras variable: layer/variable; Keras 3 calls a depthwise kernel
    "kernel" where tfjs (and Keras 2) call it "depthwise_kernel"."""
    name = variable.name.split("/")[-1].split(":")[0]
    if type(layer).__name__ == "DepthwiseConv2D" and name == "kernel":
        name = "depthwise_kernel"
    return f"{layer.name}/{name}"


def load_layer_weights(model, weights):
    """Every variable of every layer from {layer/variable: array}; ValueError when one is missing or misshapen."""
    for layer in model.layers:
        values = []
        for variable in layer.weights:
            key = weight_key(layer, variable)
            if key not in weights or tuple(weights[key].shape) != tuple(variable.shape):
                raise ValueError(key)
            values.append(weights[key])
        if values:
            layer.set_weights(values)


def build_head(keras, manifest, weights, embedding_size):
    names = manifest["model"]["headLayers"]
    hidden = weights[f"{names['hidden']}/kernel"].shape[1]
    head = keras.Sequential(
        [
            keras.Input((embedding_size,)),
            keras.layers.Dense(hidden, activation="relu", name=names["hidden"]),
            keras.layers.Dense(len(manifest["labels"]), activation="softmax", name=names["output"]),
        ],
        name="transfer_lab_head",
    )
    # The package's head: the trained one, or the app's seeded initial weights (the same start as its run).
    load_layer_weights(head, weights)
    return head


def unfreeze_top_blocks(keras, trunk, blocks):
    """Makes the last `blocks` blocks trainable (MobileNet V2: block_N_*, Conv_1; V1: conv_dw/pw_N);
    BatchNorm layers stay frozen and in inference mode, the usual recipe for small datasets."""
    numbers = sorted({int(m.group(1)) for l in trunk.layers for m in [re.match(r"(?:block_|conv_(?:dw|pw)_)(\d+)_?", l.name)] if m})
    chosen = set(numbers[-blocks:]) if blocks > 0 else set()
    for layer in trunk.layers:
        m = re.match(r"(?:block_|conv_(?:dw|pw)_)(\d+)_?", layer.name)
        top = (m and int(m.group(1)) in chosen) or layer.name in ("Conv_1", "Conv_1_bn", "out_relu")
        layer.trainable = bool(top) and not isinstance(layer, keras.layers.BatchNormalization)
    trunk.trainable = True
    return sorted(chosen)


# ---------- input pipeline ----------

def decode_photo(path):
    """RGB uint8 as the browser decodes it: EXIF orientation applied and an embedded ICC profile
    converted to sRGB (Chromium colour-manages to sRGB; without it one measured photo's pixels were
    off by 2.9 levels on average, with it by 0.24)."""
    from PIL import Image, ImageCms, ImageOps

    with Image.open(path.decode() if isinstance(path, bytes) else path) as image:
        image = ImageOps.exif_transpose(image)
        icc = image.info.get("icc_profile")
        if icc:
            try:
                image = ImageCms.profileToProfile(image, ImageCms.ImageCmsProfile(io.BytesIO(icc)),
                                                  ImageCms.createProfile("sRGB"), outputMode="RGB")
            except (ImageCms.PyCMSError, OSError, ValueError):
                pass  # an unreadable profile: the browser would show the pixels as they are, too
        return np.asarray(image.convert("RGB"), dtype=np.uint8)


def draw_down(tf, pixels, short_side_cap):
    """A short side over the cap is first drawn down to it, as the app's canvas does: size
    round(side * cap / short side), bilinear with half-pixel centres, rounded to 8 bits. Measured
    against Chromium's canvas on hymenoptera photos: mean 0.00-0.02 levels, at most 1, where
    Pillow's Lanczos was 0.3-1.9 on average and up to 65."""
    shape = tf.shape(pixels)
    h, w = tf.cast(shape[0], tf.float64), tf.cast(shape[1], tf.float64)
    scale = tf.minimum(tf.constant(1.0, tf.float64), short_side_cap / tf.minimum(h, w))
    size = tf.cast(tf.maximum(tf.floor(tf.stack([h, w]) * scale + 0.5), 1), tf.int32)

    def resized():
        out = tf.image.resize(tf.cast(pixels, tf.float32), size, method="bilinear", antialias=False)
        return tf.cast(tf.clip_by_value(tf.round(out), 0, 255), tf.uint8)

    return tf.cond(scale < 1.0, resized, lambda: pixels)


def preprocess(tf, pixels, size):
    """Centre square crop (odd leftover to the right/bottom), bilinear resize with half-pixel centres
    (tf.image.resize's bilinear, as tf.image.resizeBilinear(x, [S, S], false, true) in the app), x / 127.5 - 1."""
    shape = tf.shape(pixels)
    h, w = shape[0], shape[1]
    side = tf.minimum(h, w)
    top, left = (h - side) // 2, (w - side) // 2
    crop = tf.cast(pixels[top:top + side, left:left + side, :], tf.float32)
    resized = tf.image.resize(crop, [size, size], method="bilinear", antialias=False)
    return resized / 127.5 - 1.0


def image_dataset(tf, root, photos, manifest):
    size = manifest["trunk"]["imageSize"]
    cap = manifest["preprocessing"]["decodedShortSideCap"]
    paths = [os.path.join(root, p["path"]) for p in photos]
    labels = [p["classIndex"] for p in photos]

    def load(path):
        pixels = tf.numpy_function(decode_photo, [path], tf.uint8)
        pixels.set_shape([None, None, 3])
        return preprocess(tf, draw_down(tf, pixels, cap), size)

    images = tf.data.Dataset.from_tensor_slices(paths).map(load, num_parallel_calls=tf.data.AUTOTUNE)
    return images, np.asarray(labels, dtype=np.int64)


def choose_strategy(tf, name):
    gpus = tf.config.list_physical_devices("GPU")
    if name == "multi-worker":
        return tf.distribute.MultiWorkerMirroredStrategy()
    if name == "mirrored" or (name == "auto" and len(gpus) > 1):
        return tf.distribute.MirroredStrategy()
    return tf.distribute.get_strategy()


# ---------- training ----------

def main(argv=None):
    args = parse_args(argv)
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    import tensorflow as tf
    import keras

    root = os.path.abspath(args.package)
    with open(os.path.join(root, "dataset.json"), encoding="utf-8") as f:
        manifest = json.load(f)
    if manifest.get("format") != "transfer-lab-training-package":
        sys.exit("dataset.json is not a Transfer Lab training package.")
    settings = manifest["settings"]
    epochs = args.epochs or settings["epochs"]
    batch = args.batch_size or settings["batchSize"]
    rate = args.learning_rate or settings["learningRate"]
    seed = settings["seed"] if args.seed is None else args.seed
    # The app's default path (src/ml/final-fit.ts): mirror views of the photos it trains on, and a
    # final fit on training + validation photos. Packages made before these settings have neither.
    mirror_views = bool(settings.get("mirrorViews", False))
    final_fit = bool(settings.get("finalFit", False))
    keras.utils.set_random_seed(seed)

    model_json, weights = read_tfjs_weights(os.path.join(root, manifest["model"]["path"]))
    strategy = choose_strategy(tf, args.strategy)
    print(f"strategy: {type(strategy).__name__}, {strategy.num_replicas_in_sync} replica(s); "
          f"{len(manifest['photos'])} photos, {len(manifest['labels'])} classes", flush=True)
    n_classes = len(manifest["labels"])
    by_split = {s: [p for p in manifest["photos"] if p["split"] == s] for s in ("train", "val", "test")}

    with strategy.scope():
        trunk = build_trunk(keras, manifest["trunk"], weights)
        head = build_head(keras, manifest, weights, trunk.output_shape[-1])

    # 1. The app's recipe: embed every photo once with the frozen trunk (and, with mirror views, the
    # training and validation photos once more flipped left to right), train the head on the vectors.
    started = time.perf_counter()
    width = trunk.output_shape[-1]
    features = {}
    mirrored = {}
    for split, photos in by_split.items():
        if not photos:
            features[split] = (np.zeros((0, width), np.float32), np.zeros((0,), np.int64))
            mirrored[split] = features[split]
            continue
        images, labels = image_dataset(tf, root, photos, manifest)
        vectors = trunk.predict(images.batch(32).prefetch(tf.data.AUTOTUNE), verbose=0)
        features[split] = (vectors.astype(np.float32), labels)
        if mirror_views and split != "test":
            flipped = images.map(tf.image.flip_left_right)
            mirrored[split] = (trunk.predict(flipped.batch(32).prefetch(tf.data.AUTOTUNE), verbose=0).astype(np.float32), labels)
        else:
            mirrored[split] = (np.zeros((0, width), np.float32), np.zeros((0,), np.int64))
    embed_seconds = time.perf_counter() - started

    def examples(splits, with_mirrors):
        """The vectors and labels of these splits, followed by their mirror views when asked (as the app orders them)."""
        parts = [features[s] for s in splits] + ([mirrored[s] for s in splits] if with_mirrors else [])
        return np.concatenate([x for x, _ in parts]), np.concatenate([y for _, y in parts])

    def vector_dataset(x, y, shuffle):
        ds = tf.data.Dataset.from_tensor_slices((x, tf.one_hot(y, n_classes)))
        if shuffle:
            ds = ds.shuffle(len(x), seed=seed, reshuffle_each_iteration=True)
        return ds.batch(batch).prefetch(tf.data.AUTOTUNE)

    epoch_seconds = []

    class EpochTimer(keras.callbacks.Callback):
        def on_epoch_begin(self, epoch, logs=None):
            self.t = time.perf_counter()

        def on_epoch_end(self, epoch, logs=None):
            epoch_seconds.append(time.perf_counter() - self.t)

    with strategy.scope():
        head.compile(optimizer=keras.optimizers.Adam(learning_rate=rate, epsilon=1e-7),
                     loss="categorical_crossentropy", metrics=["accuracy"])
    has_val = len(features["val"][0]) > 0
    head.fit(vector_dataset(*examples(["train"], mirror_views), True), epochs=epochs, verbose=2, callbacks=[EpochTimer()],
             validation_data=vector_dataset(*features["val"], False) if has_val else None)
    head_epoch_seconds = list(epoch_seconds)
    # The final fit: a fresh head from the package's starting weights, trained for as many epochs on
    # the training and validation photos together; it is the model written out.
    final_fit_examples = 0
    if final_fit and has_val:
        with strategy.scope():
            head = build_head(keras, manifest, weights, width)
            head.compile(optimizer=keras.optimizers.Adam(learning_rate=rate, epsilon=1e-7),
                         loss="categorical_crossentropy", metrics=["accuracy"])
        x, y = examples(["train", "val"], mirror_views)
        final_fit_examples = len(y)
        print(f"final fit: {final_fit_examples} examples, training and validation photos together", flush=True)
        head.fit(vector_dataset(x, y, True), epochs=epochs, verbose=2)

    # 2. Optionally: fine-tune the trunk's top blocks end to end on the photos.
    tuned_blocks = []
    full = keras.Sequential([trunk, head])  # the final fit's head when there was one
    if args.fine_tune_blocks > 0:
        with strategy.scope():
            tuned_blocks = unfreeze_top_blocks(keras, trunk, args.fine_tune_blocks)
            full.compile(optimizer=keras.optimizers.Adam(learning_rate=args.fine_tune_learning_rate),
                         loss="categorical_crossentropy", metrics=["accuracy"])

        def photo_dataset(split, shuffle):
            images, labels = image_dataset(tf, root, by_split[split], manifest)
            if args.cache:
                images = images.cache("" if args.cache == "memory" else f"{args.cache}-{split}")
            ds = tf.data.Dataset.zip((images, tf.data.Dataset.from_tensor_slices(tf.one_hot(labels, n_classes))))
            if shuffle:
                ds = ds.shuffle(len(labels), seed=seed, reshuffle_each_iteration=True)
            return ds.batch(batch).prefetch(tf.data.AUTOTUNE)

        epoch_seconds.clear()
        full.fit(photo_dataset("train", True), epochs=epochs, verbose=2, callbacks=[EpochTimer()],
                 validation_data=photo_dataset("val", False) if by_split["val"] else None)
        print(f"fine-tuned blocks {tuned_blocks}", flush=True)

    # 3. Test: the whole model on the test photos (through the same pipeline as the app's Try-it).
    test_predictions = []
    accuracy = None
    if by_split["test"]:
        images, labels = image_dataset(tf, root, by_split["test"], manifest)
        probabilities = full.predict(images.batch(32), verbose=0)
        accuracy = float(np.mean(np.argmax(probabilities, axis=1) == labels))
        from PIL import Image

        def size_of(photo):
            with Image.open(os.path.join(root, photo["path"])) as image:
                return list(image.size)

        test_predictions = [{"path": p["path"], "classIndex": p["classIndex"], "size": size_of(p),
                             "probabilities": [float(v) for v in row]}
                            for p, row in zip(by_split["test"], probabilities)]
        print(f"test accuracy {accuracy:.4f} on {len(labels)} photos", flush=True)

    # 4. Back into our format: the package's model.json, its manifest filled with the trained values.
    values = {}
    for layer in trunk.layers + head.layers:
        for variable in layer.weights:
            values[weight_key(layer, variable)] = variable.numpy()
    missing = [s["name"] for g in model_json["weightsManifest"] for s in g["weights"] if s["name"] not in values]
    if missing:
        sys.exit(f"No trained value for {missing[:5]} ...")
    model_json["weightsManifest"] = [{"paths": ["weights.bin"], "weights": [s for g in model_json["weightsManifest"] for s in g["weights"]]}]
    model_json["convertedBy"] = f"Transfer Lab train.py (TensorFlow {tf.__version__}, Keras {keras.__version__})"
    with open(os.path.join(root, "model", "metadata.json"), encoding="utf-8") as f:
        metadata = json.load(f)
    metadata["modelName"] = "transfer-lab-keras"
    metadata["timeStamp"] = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    metadata["userMetadata"]["trainedWith"] = {"tensorflow": tf.__version__, "keras": keras.__version__, "epochs": epochs,
                                               "fineTunedBlocks": tuned_blocks, "testAccuracy": accuracy}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("model.json", json.dumps(model_json))
        z.writestr("weights.bin", tfjs_weights_bytes(model_json, values))
        z.writestr("metadata.json", json.dumps(metadata, indent=2))
    with open(args.out, "wb") as f:
        f.write(buffer.getvalue())
    print(f"wrote {args.out}", flush=True)

    if args.report:
        with open(args.report, "w", encoding="utf-8") as f:
            json.dump({"testAccuracy": accuracy, "embedSeconds": embed_seconds, "headEpochSeconds": head_epoch_seconds,
                       "mirrorViews": mirror_views, "finalFitExamples": final_fit_examples,
                       "fineTuneEpochSeconds": epoch_seconds if tuned_blocks else [], "replicas": strategy.num_replicas_in_sync,
                       "photos": {s: len(v) for s, v in by_split.items()}, "testPredictions": test_predictions}, f, indent=2)


if __name__ == "__main__":
    main()
