// The one way images enter a project, whatever brought them (drop, picker, folder, zip, paste,
// webcam, project file): each file is inspected off the main thread (format by magic bytes, size,
// decode, thumbnail, content hash), duplicates are refused, the accepted ones are written to
// IndexedDB and only then shown in their class. Every refusal is collected with its reason and
// reported in one summary.
import { inspectImageFile } from '../lib/image-inspect-client';
import { deleteImageRecords, putImageRecords, type NewImageRecord } from '../lib/project-db';
import { claimHash, getImage, registerImages, releaseHash, type RegisteredImage } from '../lib/image-registry';
import { StorageFullError } from '../lib/storage-errors';
import { rememberThumbnail } from '../lib/thumbnail-cache';
import { errorMessage } from '../lib/error-message';
import { newId } from '../state/ids';
import { useNoticeStore } from '../state/notice-store';
import { useProjectStore } from '../state/project-store';
import { useWorkspaceStore } from '../state/workspace-store';
import { beginIngestProgress } from './ingest-progress';
import { invalidateTrainedModel } from './model-invalidation';
import { t } from '../lib/i18n';

/** Where an accepted image goes: a class by id, or a class by label (created when missing). */
export type Destination = { classId: string } | { label: string };

export interface IncomingImage {
  file: File;
  /** How the file is named in messages: its path inside the dropped folder or zip, or its name. */
  path: string;
  destination: Destination;
}

export interface SkippedFile {
  path: string;
  reason: string;
}

export interface IngestReport {
  added: number;
  skipped: SkippedFile[];
  duplicates: number;
  addedIds: string[];
}

export interface IngestOptions {
  /** Files refused before inspection (e.g. loose files in a folder import), reported in the same summary. */
  alreadySkipped?: SkippedFile[];
  /** Webcam bursts: identical frames are dropped without a word. */
  quietDuplicates?: boolean;
}

/** Files inspected together; the order within and across chunks is the order given. */
const CHUNK_SIZE = 24;
const MAX_LISTED = 200;

interface Accepted {
  item: IncomingImage;
  image: RegisteredImage;
  thumbnail: Blob;
}

function displayName(file: File): string {
  return file.name || t('notices:unnamedFile');
}

function classLabelOf(imageId: string): string | undefined {
  return useProjectStore.getState().classes.find((c) => c.imageIds.includes(imageId))?.label;
}

function duplicateReason(holderId: string): string {
  const holder = getImage(holderId);
  if (!holder) return t('notices:skipDuplicateInFlight');
  const label = classLabelOf(holderId);
  return label !== undefined
    ? t('notices:skipDuplicateInClass', { name: holder.name, label })
    : t('notices:skipDuplicate', { name: holder.name });
}

function resolveClass(destination: Destination): string | null {
  const project = useProjectStore.getState();
  if ('classId' in destination) return project.classes.some((c) => c.id === destination.classId) ? destination.classId : null;
  const label = destination.label.trim();
  const existing = project.classes.find((c) => c.label.trim() === label)?.id;
  if (existing) return existing;
  invalidateTrainedModel();
  return project.addClass(label);
}

/** Adds accepted images to their classes; returns the ids whose class has gone meanwhile. */
function placeInClasses(accepted: Accepted[]): Accepted[] {
  const orphans: Accepted[] = [];
  const byClass = new Map<string, string[]>();
  for (const entry of accepted) {
    const classId = resolveClass(entry.item.destination);
    if (!classId) {
      orphans.push(entry);
      continue;
    }
    byClass.set(classId, [...(byClass.get(classId) ?? []), entry.image.id]);
  }
  for (const [classId, ids] of byClass) useProjectStore.getState().addImages(classId, ids);
  return orphans;
}

export async function ingestImages(items: IncomingImage[], options: IngestOptions = {}): Promise<IngestReport> {
  const report: IngestReport = { added: 0, skipped: [...(options.alreadySkipped ?? [])], duplicates: 0, addedIds: [] };
  const projectId = useWorkspaceStore.getState().currentId;
  const progress = beginIngestProgress(items.length);
  let storageFull: StorageFullError | null = null;
  try {
    for (let start = 0; start < items.length; start += CHUNK_SIZE) {
      const chunk = items.slice(start, start + CHUNK_SIZE);
      if (storageFull || !projectId || useWorkspaceStore.getState().currentId !== projectId) {
        const reason = storageFull
          ? t('notices:skipStorageFull')
          : projectId
            ? t('notices:skipOtherProjectOpened')
            : t('notices:skipNoProject');
        report.skipped.push(...chunk.map((item) => ({ path: item.path, reason })));
        progress.advance(chunk.length);
        continue;
      }
      const inspections = await Promise.all(chunk.map((item) => inspectImageFile(item.file)));
      const accepted: Accepted[] = [];
      chunk.forEach((item, i) => {
        const inspection = inspections[i];
        if (!inspection.ok) {
          report.skipped.push({ path: item.path, reason: inspection.reason });
          return;
        }
        const id = newId('img');
        const holder = claimHash(inspection.sha256, id);
        if (holder) {
          if (options.quietDuplicates) return;
          report.duplicates++;
          report.skipped.push({ path: item.path, reason: duplicateReason(holder) });
          return;
        }
        const { type, sha256, width, height, thumbnail } = inspection;
        accepted.push({
          item,
          image: { id, name: displayName(item.file), type, sha256, width, height, byteSize: item.file.size },
          thumbnail,
        });
      });
      // The File itself is stored (its bytes are referenced, not copied); its content type is in `image.type`.
      const records: NewImageRecord[] = accepted.map(({ item, image, thumbnail }) => ({
        image: { ...image, projectId },
        original: item.file,
        thumbnail,
      }));
      try {
        await putImageRecords(records);
      } catch (error) {
        for (const { image } of accepted) releaseHash(image.sha256, image.id);
        const reason =
          error instanceof StorageFullError ? t('notices:skipStorageFull') : t('notices:skipNotStored', { error: errorMessage(error) });
        report.skipped.push(...accepted.map(({ item }) => ({ path: item.path, reason })));
        if (error instanceof StorageFullError) storageFull = error;
        progress.advance(chunk.length);
        continue;
      }
      if (useWorkspaceStore.getState().currentId !== projectId) {
        // The user switched projects while this chunk was written: it belongs to the old project, unseen.
        for (const { image } of accepted) releaseHash(image.sha256, image.id);
        report.skipped.push(...accepted.map(({ item }) => ({ path: item.path, reason: t('notices:skipOtherProjectOpened') })));
        void deleteImageRecords(accepted.map((a) => a.image.id));
        progress.advance(chunk.length);
        continue;
      }
      registerImages(accepted.map((a) => a.image));
      for (const { image, thumbnail } of accepted) rememberThumbnail(image.id, thumbnail);
      const orphans = placeInClasses(accepted);
      if (orphans.length > 0) {
        const orphanIds = orphans.map((o) => o.image.id);
        for (const { image } of orphans) releaseHash(image.sha256, image.id);
        report.skipped.push(...orphans.map(({ item }) => ({ path: item.path, reason: t('notices:skipClassDeleted') })));
        void deleteImageRecords(orphanIds);
      }
      const orphanSet = new Set(orphans.map((o) => o.image.id));
      const placed = accepted.filter((a) => !orphanSet.has(a.image.id)).map((a) => a.image.id);
      report.addedIds.push(...placed);
      report.added += placed.length;
      progress.advance(chunk.length);
    }
  } finally {
    progress.finish();
  }
  announce(report, items.length + (options.alreadySkipped?.length ?? 0), storageFull);
  return report;
}

function announce(report: IngestReport, total: number, storageFull: StorageFullError | null): void {
  const notices = useNoticeStore.getState();
  if (storageFull) notices.push('error', storageFull.message);
  if (report.skipped.length === 0) return;
  const details = report.skipped.slice(0, MAX_LISTED).map((s) => t('notices:skippedFileDetail', { path: s.path, reason: s.reason }));
  if (report.skipped.length > MAX_LISTED) details.push(t('notices:andMore', { count: report.skipped.length - MAX_LISTED }));
  const duplicates = report.duplicates > 0 ? t('notices:duplicatesNote', { count: report.duplicates }) : '';
  notices.push('warning', t('notices:filesSkipped', { skipped: report.skipped.length, count: total, duplicates }), details);
}
