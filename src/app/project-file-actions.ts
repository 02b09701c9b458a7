// Saving the open project as one .zip and opening such a file as a new project. Opening checks
// everything (zip, manifest, checksums, every image decodes) before the new project is switched
// to; a bad file leaves the open project exactly as it was.
import { downloadBlob } from '../lib/download';
import { errorMessage } from '../lib/error-message';
import { getImage } from '../lib/image-registry';
import { inspectImageFile } from '../lib/image-inspect-client';
import {
  deleteProjectRecords,
  putEmbeddingSets,
  putImageRecords,
  readEmbeddingSets,
  readOriginal,
  type NewImageRecord,
} from '../lib/project-db';
import { imagePathInZip, packProjectFile, ProjectFileError, readProjectEntries } from '../lib/project-file';
import { PROJECT_FILE_FORMAT, PROJECT_SCHEMA_VERSION, type ManifestClass, type ProjectManifest } from '../lib/project-manifest';
import { StorageFullError } from '../lib/storage-errors';
import { filesByName, readZip, ZipReadError } from '../lib/zip-reader';
import { newId } from '../state/ids';
import { useNoticeStore } from '../state/notice-store';
import { useProjectStore } from '../state/project-store';
import { useTrainingStore } from '../state/training-store';
import { useWorkspaceStore } from '../state/workspace-store';
import { version as APP_VERSION } from '../../package.json';
import { currentProjectId, currentProjectName, flushEmbeddings, flushProject, openProject, writeNewProject } from './project-persistence';
import { t } from '../lib/i18n';

/** A file name that every OS accepts, from a project name in any script. */
export function projectFileName(name: string): string {
  const safe =
    name
      // eslint-disable-next-line no-control-regex -- control characters are what a file name must not hold
      .replace(/[\\/:*?"<>|\u0000-\u001f]+/g, '-')
      .trim()
      .slice(0, 100) || 'project';
  return `${safe}.transferlab.zip`;
}

/** The open project as a zip: manifest, original images, and the stored embeddings. */
export async function buildProjectFile(): Promise<{ bytes: Uint8Array; fileName: string }> {
  const projectId = currentProjectId();
  if (!projectId) throw new Error(t('notices:noProjectOpen'));
  await flushProject();
  await flushEmbeddings();
  const classes = useProjectStore.getState().classes;
  const images = new Map<string, Uint8Array>();
  const manifestClasses: ManifestClass[] = [];
  for (const [classIndex, imageClass] of classes.entries()) {
    const entry: ManifestClass = { label: imageClass.label, images: [] };
    for (const id of imageClass.imageIds) {
      const image = getImage(id);
      const original = await readOriginal(id);
      if (!image || !original) throw new Error(t('notices:imageMissingFromStorage', { name: image?.name ?? id }));
      images.set(id, new Uint8Array(await original.arrayBuffer()));
      entry.images.push({
        id,
        file: imagePathInZip(classIndex, id, image.type),
        name: image.name,
        type: image.type,
        sha256: image.sha256,
        width: image.width,
        height: image.height,
      });
    }
    manifestClasses.push(entry);
  }
  const inProject = new Set(classes.flatMap((c) => c.imageIds));
  const embeddings = (await readEmbeddingSets(projectId))
    .map((set) => {
      const rows = set.imageIds.flatMap((id, i) => (inProject.has(id) ? [i] : []));
      const vectors = new Float32Array(rows.length * set.dimension);
      rows.forEach((row, k) => vectors.set(set.vectors.subarray(row * set.dimension, (row + 1) * set.dimension), k * set.dimension));
      return { ...set, imageIds: rows.map((row) => set.imageIds[row]), vectors };
    })
    .filter((set) => set.imageIds.length > 0);
  const name = currentProjectName();
  const manifest: ProjectManifest = {
    format: PROJECT_FILE_FORMAT,
    schemaVersion: PROJECT_SCHEMA_VERSION,
    savedAt: new Date().toISOString(),
    app: { name: 'Transfer Lab', version: APP_VERSION },
    project: { name },
    classes: manifestClasses,
    settings: { ...useTrainingStore.getState().settings },
    runs: useWorkspaceStore.getState().runs,
    embeddings: embeddings.map((set, i) => ({
      trunkId: set.trunkId,
      dimension: set.dimension,
      file: `embeddings/${i + 1}.f32`,
      imageIds: set.imageIds,
    })),
  };
  return { bytes: packProjectFile({ manifest, images, embeddings }), fileName: projectFileName(name) };
}

export async function saveProjectFile(): Promise<void> {
  try {
    const { bytes, fileName } = await buildProjectFile();
    downloadBlob(new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'application/zip' }), fileName);
  } catch (error) {
    useNoticeStore.getState().push('error', t('notices:projectFileNotMade', { error: errorMessage(error) }));
  }
}

const OPEN_CHUNK = 16;

/** Opens a project file as a new project and switches to it; on any problem nothing changes. */
export async function openProjectFile(file: File): Promise<boolean> {
  const projectId = newId('project');
  let written = false;
  try {
    let entries: Record<string, Uint8Array>;
    try {
      entries = filesByName(await readZip(file, file.name));
    } catch (error) {
      if (error instanceof ZipReadError && error.kind === 'damaged')
        throw new ProjectFileError(t('notices:notAProjectFile', { name: file.name, reason: error.reason }));
      if (error instanceof ZipReadError) throw new ProjectFileError(error.message);
      throw error;
    }
    const content = await readProjectEntries(entries);
    const { manifest } = content;
    // Fresh ids, so the same file can be opened twice side by side.
    const idOf = new Map(manifest.classes.flatMap((c) => c.images).map((image) => [image.id, newId('img')]));
    const all = manifest.classes.flatMap((c) => c.images);
    for (let start = 0; start < all.length; start += OPEN_CHUNK) {
      const chunk = all.slice(start, start + OPEN_CHUNK);
      const originals = chunk.map((image) => new Blob([content.images.get(image.id) as Uint8Array<ArrayBuffer>], { type: image.type }));
      const inspections = await Promise.all(originals.map(inspectImageFile));
      const records: NewImageRecord[] = chunk.map((image, i) => {
        const inspection = inspections[i];
        if (!inspection.ok)
          throw new ProjectFileError(t('notices:projectImageUnusable', { name: image.name, file: image.file, reason: inspection.reason }));
        const { type, sha256, width, height, thumbnail } = inspection;
        return {
          image: { id: idOf.get(image.id)!, projectId, name: image.name, type, sha256, width, height, byteSize: originals[i].size },
          original: originals[i],
          thumbnail,
        };
      });
      written = true;
      await putImageRecords(records);
    }
    const classes = manifest.classes.map((c) => ({
      id: newId('class'),
      label: c.label,
      imageIds: c.images.map((image) => idOf.get(image.id)!),
    }));
    written = true;
    await writeNewProject(manifest.project.name, classes, manifest.settings, manifest.runs, projectId);
    await putEmbeddingSets(
      projectId,
      content.embeddings.map((set) => ({ ...set, imageIds: set.imageIds.map((id) => idOf.get(id)!) })),
    );
    await openProject(projectId);
    if (content.warnings && content.warnings.length > 0) {
      useNoticeStore.getState().push('warning', t('notices:embeddingsUnusable'), content.warnings);
    }
    return true;
  } catch (error) {
    if (written) await deleteProjectRecords(projectId).catch(() => undefined);
    const message =
      error instanceof ProjectFileError
        ? error.message
        : error instanceof StorageFullError
          ? error.message
          : t('notices:fileNotOpened', { name: file.name, error: errorMessage(error) });
    useNoticeStore.getState().push('error', message);
    return false;
  }
}
