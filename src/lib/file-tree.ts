// Turns what the user dropped or picked (files, folders, folders of folders) into a flat list of
// files with the folder path each came from. Folders dropped on the page arrive as
// FileSystemEntry trees (DataTransferItem.webkitGetAsEntry); folders picked with a webkitdirectory
// input arrive as Files carrying webkitRelativePath. Both end up as `LocatedFile`s.

export interface LocatedFile {
  file: File;
  /** Folder names from the dropped or picked root down to the file's folder; [] for a loose file. */
  folders: string[];
}

/** The part of the browser's FileSystemEntry API the walk uses (tests build fake trees with it). */
export interface EntryLike {
  readonly isFile: boolean;
  readonly isDirectory: boolean;
  readonly name: string;
}

export interface FileEntryLike extends EntryLike {
  file(success: (file: File) => void, failure?: (error: DOMException | Error) => void): void;
}

export interface DirectoryEntryLike extends EntryLike {
  createReader(): { readEntries(success: (entries: EntryLike[]) => void, failure?: (error: DOMException | Error) => void): void };
}

/** Operating-system clutter inside folders and zips, skipped without a word. */
export function isSystemClutter(name: string): boolean {
  return name.startsWith('.') || name === '__MACOSX' || name === 'Thumbs.db' || name === 'desktop.ini';
}

function readFile(entry: FileEntryLike): Promise<File> {
  return new Promise((resolve, reject) => entry.file(resolve, reject));
}

/** All children of a directory: readEntries returns them in batches (100 in Chromium) until an empty one. */
async function readAllChildren(entry: DirectoryEntryLike): Promise<EntryLike[]> {
  const reader = entry.createReader();
  const children: EntryLike[] = [];
  for (;;) {
    const batch = await new Promise<EntryLike[]>((resolve, reject) => reader.readEntries(resolve, reject));
    if (batch.length === 0) return children;
    children.push(...batch);
  }
}

export interface WalkProblem {
  path: string;
  reason: string;
}

/**
 * Every file under the given entries, recursively, in name order within each folder. A dropped
 * folder's own name is the first element of `folders`. Unreadable entries are reported, not thrown.
 */
export async function walkEntries(roots: EntryLike[], problems: WalkProblem[] = []): Promise<LocatedFile[]> {
  const files: LocatedFile[] = [];
  const visit = async (entry: EntryLike, folders: string[]): Promise<void> => {
    if (isSystemClutter(entry.name)) return;
    const path = [...folders, entry.name].join('/');
    try {
      if (entry.isFile) {
        files.push({ file: await readFile(entry as FileEntryLike), folders });
      } else if (entry.isDirectory) {
        const children = await readAllChildren(entry as DirectoryEntryLike);
        children.sort((a, b) => a.name.localeCompare(b.name, undefined, { numeric: true }));
        for (const child of children) await visit(child, [...folders, entry.name]);
      }
    } catch (error) {
      problems.push({ path, reason: `could not be read (${error instanceof Error ? error.message : String(error)})` });
    }
  };
  for (const root of roots) await visit(root, []);
  return files;
}

/** Files from a webkitdirectory input (or any File with webkitRelativePath "root/sub/name.jpg"). */
export function locateByRelativePath(files: Iterable<File>): LocatedFile[] {
  const located: LocatedFile[] = [];
  for (const file of files) {
    const parts = (file.webkitRelativePath || file.name).split('/').filter((p) => p.length > 0);
    const folders = parts.slice(0, -1);
    if (isSystemClutter(file.name) || folders.some(isSystemClutter)) continue;
    located.push({ file, folders });
  }
  return located;
}

/** Zip entry paths ("ants/x.jpg") as located files; directory entries and clutter are dropped. */
export function locateZipEntries(entries: Record<string, Uint8Array>): LocatedFile[] {
  const located: LocatedFile[] = [];
  const names = Object.keys(entries).sort((a, b) => a.localeCompare(b, undefined, { numeric: true }));
  for (const path of names) {
    if (path.endsWith('/')) continue;
    const parts = path.split('/').filter((p) => p.length > 0);
    const name = parts.at(-1);
    if (!name || parts.some(isSystemClutter)) continue;
    const bytes = entries[path];
    located.push({ file: new File([bytes as Uint8Array<ArrayBuffer>], name), folders: parts.slice(0, -1) });
  }
  return located;
}

/**
 * One class per folder. A folder shared by every file that itself holds subfolders is a wrapper
 * and is peeled off ("dataset/ants/..." and "dataset/bees/..." become classes "ants" and "bees");
 * a shared folder holding only files is itself the class. Files in deeper folders belong to their
 * class folder; files outside any class folder get `label` null.
 */
export function groupByClassFolder(files: LocatedFile[]): { label: string | null; file: File; path: string }[] {
  let depth = 0;
  for (;;) {
    const first = files[0]?.folders[depth];
    const shared = first !== undefined && files.every((f) => f.folders[depth] === first);
    const hasSubfolders = files.some((f) => f.folders.length >= depth + 2);
    if (!shared || !hasSubfolders) break;
    depth++;
  }
  return files.map(({ file, folders }) => {
    const rest = folders.slice(depth);
    return { label: rest.length > 0 ? rest[0] : null, file, path: [...folders, file.name].join('/') };
  });
}
