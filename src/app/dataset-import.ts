// Turning what the user brings into images for the ingest: files or folders for one class
// (folders are walked, zips unpacked, all into that class), a folder or zip of class folders for
// the whole project (one class per folder), pasted images and webcam frames.
import { errorMessage } from '../lib/error-message';
import { classLabelsForFolders } from '../ml/class-labels';
import { groupByClassFolder, locateByRelativePath, locateZipEntries, type LocatedFile, type WalkProblem } from '../lib/file-tree';
import { MANIFEST_NAME } from '../lib/project-manifest';
import { filesByName, readZip, ZipReadError } from '../lib/zip-reader';
import { useNoticeStore } from '../state/notice-store';
import { isUntouchedDefaultClass, useProjectStore } from '../state/project-store';
import { ingestImages, type IncomingImage, type IngestReport, type SkippedFile } from './image-ingest';
import { t } from '../lib/i18n';

export function isZipFile(file: File): boolean {
  return /\.zip$/i.test(file.name) || file.type === 'application/zip' || file.type === 'application/x-zip-compressed';
}

function pathOf({ file, folders }: LocatedFile): string {
  return [...folders, file.name].join('/');
}

/**
 * Replaces each zip among the files by the files inside it. Inside a class the zip's name stays in
 * the path (for messages); for class folders the zip is transparent, its folders are the classes.
 */
async function expandZips(files: LocatedFile[], skipped: SkippedFile[], keepZipName = true): Promise<LocatedFile[]> {
  const expanded: LocatedFile[] = [];
  for (const located of files) {
    if (!isZipFile(located.file)) {
      expanded.push(located);
      continue;
    }
    try {
      const entries = filesByName(await readZip(located.file, located.file.name));
      if (entries[MANIFEST_NAME]) {
        skipped.push({ path: pathOf(located), reason: t('notices:skipProjectFile') });
        continue;
      }
      const prefix = keepZipName ? [...located.folders, located.file.name] : located.folders;
      for (const inner of locateZipEntries(entries)) expanded.push({ file: inner.file, folders: [...prefix, ...inner.folders] });
    } catch (error) {
      skipped.push({
        path: pathOf(located),
        reason: error instanceof ZipReadError ? error.reason : t('notices:skipUnpackFailed', { error: errorMessage(error) }),
      });
    }
  }
  return expanded;
}

function walkSkips(problems: WalkProblem[]): SkippedFile[] {
  return problems.map((p) => ({ path: p.path, reason: p.reason }));
}

/** Everything given, from any depth of folders or zips, goes into one class. */
export async function addLocatedFilesToClass(classId: string, files: LocatedFile[], problems: WalkProblem[] = []): Promise<IngestReport> {
  const skipped = walkSkips(problems);
  const images = await expandZips(files, skipped);
  const items: IncomingImage[] = images.map((located) => ({ file: located.file, path: pathOf(located), destination: { classId } }));
  return ingestImages(items, { alreadySkipped: skipped });
}

/** One class per folder (created when no class has that name, filled when one has). */
export async function importClassFolders(files: LocatedFile[], problems: WalkProblem[] = []): Promise<IngestReport> {
  const skipped = walkSkips(problems);
  // A zip dropped on the classes area is a dataset too: its folders become classes.
  const zipless = await expandZips(files, skipped, false);
  const items: IncomingImage[] = [];
  const grouped = groupByClassFolder(zipless);
  const folderLabels = classLabelsForFolders(grouped.flatMap(({ label }) => (label === null ? [] : [label])));
  for (const { label, file, path } of grouped) {
    if (label === null) skipped.push({ path, reason: t('notices:skipNotInClassFolder') });
    else items.push({ file, path, destination: { label: folderLabels.labelOf.get(label) ?? label } });
  }
  if (folderLabels.changes.length > 0) {
    useNoticeStore.getState().push(
      'warning',
      t('notices:folderNamesChanged'),
      folderLabels.changes.map((c) => t('notices:folderNameChange', { change: c.message })),
    );
  }
  if (items.length === 0 && skipped.length === 0) {
    useNoticeStore.getState().push('warning', t('notices:nothingToImport'));
    return { added: 0, skipped: [], duplicates: 0, addedIds: [] };
  }
  const before = useProjectStore.getState().classes.map((c) => c.id);
  const report = await ingestImages(items, { alreadySkipped: skipped });
  removeUnusedDefaultClasses(before);
  return report;
}

/**
 * After an import created classes from folder names, the app's own empty "Class 1"/"Class 2"
 * would only block training ("every class needs images"): they go. Named or filled classes stay.
 */
function removeUnusedDefaultClasses(idsBefore: string[]): void {
  const project = useProjectStore.getState();
  const created = project.classes.some((c) => !idsBefore.includes(c.id));
  if (!created) return;
  for (const c of project.classes) if (idsBefore.includes(c.id) && isUntouchedDefaultClass(c)) useProjectStore.getState().deleteClass(c.id);
}

/** A zip of class folders picked with the "Import a zip" button. */
export async function importZipOfClasses(file: File): Promise<IngestReport> {
  return importClassFolders([{ file, folders: [] }]);
}

/** Files from a webkitdirectory picker: their relative paths give the class folders. */
export function importPickedFolder(files: File[]): Promise<IngestReport> {
  return importClassFolders(locateByRelativePath(files));
}

const GENERIC_PASTE_NAMES = /^(image|clipboard|unknown)?\.?(png|jpe?g|gif|webp|bmp)?$/i;

/** Clipboard images are usually all called "image.png": give each a telling name. */
export function namePastedFiles(files: File[]): File[] {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  return files.map((file, i) =>
    GENERIC_PASTE_NAMES.test(file.name)
      ? new File([file], `pasted-${stamp}${files.length > 1 ? `-${i + 1}` : ''}.${file.type.split('/')[1] ?? 'png'}`, { type: file.type })
      : file,
  );
}
