// A project as one .zip: manifest.json, each image's original bytes under images/<class>/, and
// optionally the cached embeddings as raw float32 files. Packing and unpacking are pure (fflate),
// so the round trip is tested on Node as well as in the browser.
import { strFromU8, strToU8, zipSync, type Zippable } from 'fflate';
import { sha256Hex } from './content-hash';
import { SchemaError } from './guards';
import catalog from '../ml/trunk-catalog.json';
import { usableEmbeddings, type EmbeddingSet } from './embedding-set';
import { MANIFEST_NAME, readProjectManifest, type ProjectManifest } from './project-manifest';

export class ProjectFileError extends Error {}

export interface ProjectFileContent {
  manifest: ProjectManifest;
  /** Original bytes by manifest image id. */
  images: Map<string, Uint8Array>;
  embeddings: EmbeddingSet[];
  /** What was left out of the file because it could not be used (bad embeddings), for the user. */
  warnings?: string[];
}

/** Vector sizes of the trunks the app knows: a set for one of them with another size is wrong. */
const KNOWN_DIMENSIONS = new Map(catalog.trunks.map((trunk) => [trunk.id, trunk.embeddingSize]));

const EXTENSIONS: Record<string, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/gif': 'gif',
  'image/webp': 'webp',
  'image/bmp': 'bmp',
  'image/avif': 'avif',
};

/** Where an image's bytes go in the zip: one numbered folder per class (labels may hold any character). */
export function imagePathInZip(classIndex: number, imageId: string, type: string): string {
  return `images/${classIndex + 1}/${imageId}.${EXTENSIONS[type] ?? 'bin'}`;
}

export function packProjectFile({ manifest, images, embeddings }: ProjectFileContent): Uint8Array {
  const entries: Zippable = { [MANIFEST_NAME]: [strToU8(JSON.stringify(manifest, null, 2)), { level: 6 }] };
  for (const image of manifest.classes.flatMap((c) => c.images)) {
    const bytes = images.get(image.id);
    if (!bytes) throw new Error(`The bytes of image "${image.name}" are missing.`);
    // Photos are compressed already: store them as they are.
    entries[image.file] = [bytes, { level: 0 }];
  }
  for (const set of manifest.embeddings) {
    const vectors = embeddings.find((e) => e.trunkId === set.trunkId)?.vectors;
    if (!vectors) throw new Error(`The embeddings for trunk ${set.trunkId} are missing.`);
    entries[set.file] = [new Uint8Array(vectors.buffer, vectors.byteOffset, vectors.byteLength), { level: 6 }];
  }
  return zipSync(entries);
}

/** Reads unzipped entries back into a project; throws ProjectFileError with a message for the user. */
export async function readProjectEntries(entries: Record<string, Uint8Array>): Promise<ProjectFileContent> {
  const manifestBytes = entries[MANIFEST_NAME];
  if (!manifestBytes) {
    const names = Object.keys(entries);
    if (names.includes('model.json') && names.includes('metadata.json')) {
      throw new ProjectFileError('This is an exported model (model.json, metadata.json), not a Transfer Lab project file.');
    }
    throw new ProjectFileError(
      'This zip is not a Transfer Lab project file: it has no manifest.json. (To add a zip of class folders to the open project, use "Import a zip".)',
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(strFromU8(manifestBytes));
  } catch {
    throw new ProjectFileError('This project file is damaged: its manifest.json is not valid JSON.');
  }
  let manifest: ProjectManifest;
  try {
    manifest = readProjectManifest(json);
  } catch (error) {
    if (error instanceof SchemaError) throw new ProjectFileError(`This project file cannot be opened: ${error.message}.`);
    throw error;
  }
  const images = new Map<string, Uint8Array>();
  for (const image of manifest.classes.flatMap((c) => c.images)) {
    const bytes = entries[image.file];
    if (!bytes) throw new ProjectFileError(`This project file is incomplete: ${image.file} (image "${image.name}") is missing.`);
    if ((await sha256Hex(bytes)) !== image.sha256) {
      throw new ProjectFileError(`This project file is damaged: ${image.file} (image "${image.name}") does not match its checksum.`);
    }
    images.set(image.id, bytes);
  }
  // Embeddings are a cache: a bad set or vector is left out (and the user told); its photos stay
  // and are embedded again at the next training run.
  const embeddings: EmbeddingSet[] = [];
  const warnings: string[] = [];
  for (const set of manifest.embeddings) {
    const bytes = entries[set.file];
    if (!bytes) {
      warnings.push(`${set.file} (embeddings) is missing; those images will be embedded again.`);
      continue;
    }
    if (bytes.byteLength % 4 !== 0) {
      warnings.push(`${set.file}: ${bytes.byteLength} bytes is not a whole number of vectors; those images will be embedded again.`);
      continue;
    }
    // Copied so the floats start on an aligned offset.
    const vectors = new Float32Array(bytes.slice().buffer);
    const usable = usableEmbeddings(
      { trunkId: set.trunkId, dimension: set.dimension, imageIds: set.imageIds, vectors },
      (id) => KNOWN_DIMENSIONS.get(id),
      set.file,
    );
    warnings.push(...usable.problems);
    if (usable.set && usable.set.imageIds.length > 0) embeddings.push(usable.set);
  }
  return { manifest, images, embeddings, warnings };
}
