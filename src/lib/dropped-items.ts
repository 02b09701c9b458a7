// Reads a drop: files, folders (walked recursively) or both. The browser only lets a drop's items
// be read during the drop event itself, so `captureDrop` takes what it needs synchronously and
// returns a function that does the slow part (walking folders) afterwards.
import { locateByRelativePath, walkEntries, type EntryLike, type LocatedFile, type WalkProblem } from './file-tree';

export interface DroppedFiles {
  files: LocatedFile[];
  problems: WalkProblem[];
}

interface CapturedItem {
  entry: EntryLike | null;
  file: File | null;
}

export function captureDrop(dataTransfer: DataTransfer): () => Promise<DroppedFiles> {
  const captured: CapturedItem[] = [];
  for (const item of Array.from(dataTransfer.items)) {
    if (item.kind !== 'file') continue;
    // webkitGetAsEntry is null for synthetic DataTransfers (and absent in old browsers): the File is the fallback.
    const entry = typeof item.webkitGetAsEntry === 'function' ? (item.webkitGetAsEntry() as EntryLike | null) : null;
    captured.push({ entry, file: item.getAsFile() });
  }
  if (captured.length === 0) for (const file of Array.from(dataTransfer.files)) captured.push({ entry: null, file });
  return async () => {
    const problems: WalkProblem[] = [];
    const files: LocatedFile[] = [];
    for (const { entry, file } of captured) {
      if (entry) files.push(...(await walkEntries([entry], problems)));
      else if (file) files.push(...locateByRelativePath([file]));
    }
    return { files, problems };
  };
}

export function hasFiles(dataTransfer: DataTransfer | null): boolean {
  return !!dataTransfer && Array.from(dataTransfer.types).includes('Files');
}
