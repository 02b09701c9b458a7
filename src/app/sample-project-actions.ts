// Opening a generated sample project: a new project, filled with pictures drawn from a seed and
// added through the same ingest path as a class's own photos, so it behaves like any project
// (photos can be deleted, replaced, or joined by webcam shots).
import { encodePng } from '../lib/encode-png';
import { errorMessage } from '../lib/error-message';
import { findSampleSet, type SampleSet } from '../ml/samples/sample-sets';
import { renderSample, samplePictures } from '../ml/samples/tasks';
import { useNoticeStore } from '../state/notice-store';
import { isUntouchedDefaultClass, useProjectStore } from '../state/project-store';
import { useWorkspaceStore } from '../state/workspace-store';
import { ingestImages, type IncomingImage } from './image-ingest';
import { createProject } from './project-persistence';
import { t } from '../lib/i18n';

/** The pictures are stored at the size a photo is fed to the trunk. */
export const SAMPLE_PICTURE_SIZE = 224;
/** Pictures drawn between two yields to the page: each takes ~10-20 ms, so a task stays near 50 ms. */
const DRAW_CHUNK = 3;
/** Pictures handed to the ingest path at once: bounds the encoded bytes held in memory. */
const INGEST_CHUNK = 48;

export interface SampleProgress {
  done: number;
  total: number;
}

export interface SampleOpenResult {
  added: number;
  skipped: number;
}

const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

async function drawFiles(set: SampleSet, pictures: ReturnType<typeof samplePictures>): Promise<IncomingImage[]> {
  const items: IncomingImage[] = [];
  for (let i = 0; i < pictures.length; i++) {
    const picture = pictures[i];
    const blob = await encodePng(renderSample(set.task, picture.classIndex, picture.index, SAMPLE_PICTURE_SIZE));
    const file = new File([blob], picture.name, { type: 'image/png' });
    items.push({ file, path: `${picture.label}/${picture.name}`, destination: { label: picture.label } });
    if ((i + 1) % DRAW_CHUNK === 0) await nextTask();
  }
  return items;
}

/**
 * Creates a project named after the set and fills it, chunk by chunk; `onProgress` follows the
 * pictures added. Stops quietly if another project is opened meanwhile (the ingest path refuses
 * the rest and says so).
 */
export async function openSampleProject(
  setId: string,
  onProgress: (progress: SampleProgress) => void = () => {},
): Promise<SampleOpenResult> {
  const set = findSampleSet(setId);
  if (!set) throw new Error(t('notices:noSuchSampleProject', { id: setId }));
  return openGeneratedProject(set, onProgress);
}

/** Opens `set` (a listed sample set, or one made for a scenario preset) as a new project. */
export async function openGeneratedProject(
  set: SampleSet,
  onProgress: (progress: SampleProgress) => void = () => {},
): Promise<SampleOpenResult> {
  const previous = useWorkspaceStore.getState().currentId;
  await createProject(set.title);
  const projectId = useWorkspaceStore.getState().currentId;
  if (!projectId || projectId === previous) throw new Error(t('notices:sampleNotCreated'));
  const defaultClassIds = useProjectStore.getState().classes.map((c) => c.id);
  const pictures = samplePictures(set.task, set.perClass);
  const result: SampleOpenResult = { added: 0, skipped: 0 };
  onProgress({ done: 0, total: pictures.length });
  for (let start = 0; start < pictures.length; start += INGEST_CHUNK) {
    if (useWorkspaceStore.getState().currentId !== projectId) break;
    const report = await ingestImages(await drawFiles(set, pictures.slice(start, start + INGEST_CHUNK)));
    result.added += report.added;
    result.skipped += report.skipped.length;
    if (start === 0) removeEmptyDefaultClasses(defaultClassIds);
    onProgress({ done: Math.min(pictures.length, start + INGEST_CHUNK), total: pictures.length });
  }
  return result;
}

/** The new project's empty "Class 1"/"Class 2" would block training once the sample classes exist. */
function removeEmptyDefaultClasses(ids: string[]): void {
  for (const c of useProjectStore.getState().classes)
    if (ids.includes(c.id) && isUntouchedDefaultClass(c)) useProjectStore.getState().deleteClass(c.id);
}

/** The picker's one click: errors become a notice, never a lost project. */
export async function openSampleProjectWithNotice(setId: string, onProgress: (progress: SampleProgress) => void): Promise<void> {
  try {
    const { added, skipped } = await openSampleProject(setId, onProgress);
    if (skipped > 0) useNoticeStore.getState().push('warning', t('notices:sampleSomeSkipped', { added, skipped }));
  } catch (error) {
    useNoticeStore.getState().push('error', t('notices:sampleNotOpened', { error: errorMessage(error) }));
  }
}
