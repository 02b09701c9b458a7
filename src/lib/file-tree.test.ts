import { describe, expect, it } from 'vitest';
import {
  groupByClassFolder,
  locateByRelativePath,
  locateZipEntries,
  walkEntries,
  type DirectoryEntryLike,
  type EntryLike,
  type FileEntryLike,
  type LocatedFile,
} from './file-tree';

/** A fake FileSystemEntry tree: directories list children in batches, as Chromium's readEntries does. */
type Tree = { [name: string]: Tree | string };

function fakeEntry(name: string, node: Tree | string, batchSize = 2, failing = new Set<string>()): EntryLike {
  if (typeof node === 'string') {
    const entry: FileEntryLike = {
      isFile: true,
      isDirectory: false,
      name,
      file: (success, failure) => (failing.has(name) ? failure?.(new Error('NotReadableError')) : success(new File([node], name))),
    };
    return entry;
  }
  const children = Object.entries(node).map(([childName, child]) => fakeEntry(childName, child, batchSize, failing));
  const entry: DirectoryEntryLike = {
    isFile: false,
    isDirectory: true,
    name,
    createReader: () => {
      let offset = 0;
      return {
        readEntries: (success) => {
          const batch = children.slice(offset, offset + batchSize);
          offset += batch.length;
          setTimeout(() => success(batch), 0);
        },
      };
    },
  };
  return entry;
}

const paths = (files: LocatedFile[]) => files.map((f) => [...f.folders, f.file.name].join('/'));

describe('walkEntries', () => {
  it('walks folders recursively, reading every batch of entries, in natural name order', async () => {
    const root = fakeEntry('dataset', {
      bees: { 'b10.jpg': 'x', 'b2.jpg': 'x', 'b1.jpg': 'x' },
      ants: { 'a1.jpg': 'x', deeper: { 'a2.jpg': 'x', 'a3.jpg': 'x', 'a4.jpg': 'x' } },
      'readme.txt': 'x',
    });
    const files = await walkEntries([root]);
    expect(paths(files)).toEqual([
      'dataset/ants/a1.jpg',
      'dataset/ants/deeper/a2.jpg',
      'dataset/ants/deeper/a3.jpg',
      'dataset/ants/deeper/a4.jpg',
      'dataset/bees/b1.jpg',
      'dataset/bees/b2.jpg',
      'dataset/bees/b10.jpg',
      'dataset/readme.txt',
    ]);
  });

  it('skips system clutter and reports unreadable files instead of failing', async () => {
    const problems: { path: string; reason: string }[] = [];
    const root = fakeEntry(
      'photos',
      { '.DS_Store': 'x', __MACOSX: { 'a.jpg': 'x' }, 'Thumbs.db': 'x', 'ok.jpg': 'x', 'locked.jpg': 'x' },
      100,
      new Set(['locked.jpg']),
    );
    const files = await walkEntries([root, fakeEntry('loose.png', 'x')], problems);
    expect(paths(files)).toEqual(['photos/ok.jpg', 'loose.png']);
    expect(problems).toEqual([{ path: 'photos/locked.jpg', reason: 'could not be read (NotReadableError)' }]);
  });
});

describe('locateByRelativePath', () => {
  it('takes folders from webkitRelativePath (a folder picker) and leaves plain files loose', () => {
    const picked = (path: string) => Object.defineProperty(new File(['x'], path.split('/').at(-1)!), 'webkitRelativePath', { value: path });
    const files = locateByRelativePath([
      picked('data/ants/a.jpg'),
      picked('data/.hidden/b.jpg'),
      picked('data/ants/.DS_Store'),
      new File(['x'], 'c.jpg'),
    ]);
    expect(files.map((f) => f.folders)).toEqual([['data', 'ants'], []]);
  });
});

describe('locateZipEntries', () => {
  it('turns zip paths into files, dropping directory entries and __MACOSX', () => {
    const files = locateZipEntries({
      'ants/': new Uint8Array(),
      'ants/a.jpg': new Uint8Array([1]),
      '__MACOSX/ants/._a.jpg': new Uint8Array([2]),
      'b.png': new Uint8Array([3]),
    });
    expect(paths(files)).toEqual(['ants/a.jpg', 'b.png']);
  });
});

describe('groupByClassFolder', () => {
  const at = (...path: string[]): LocatedFile => ({ file: new File(['x'], path.at(-1)!), folders: path.slice(0, -1) });
  const labels = (files: LocatedFile[]) => groupByClassFolder(files).map((g) => `${g.label}:${g.file.name}`);

  it('makes each subfolder of a dropped folder a class, with deeper files in their class', () => {
    expect(labels([at('dataset', 'ants', 'a.jpg'), at('dataset', 'bees', 'deep', 'b.jpg'), at('dataset', 'notes.txt')])).toEqual([
      'ants:a.jpg',
      'bees:b.jpg',
      'null:notes.txt',
    ]);
  });

  it('peels off every wrapping folder that all files share', () => {
    expect(labels([at('zip', 'dataset', 'ants', 'a.jpg'), at('zip', 'dataset', 'bees', 'b.jpg')])).toEqual(['ants:a.jpg', 'bees:b.jpg']);
  });

  it('treats several dropped folders, or one folder of images, as classes themselves', () => {
    expect(labels([at('ants', 'a.jpg'), at('bees', 'b.jpg')])).toEqual(['ants:a.jpg', 'bees:b.jpg']);
    expect(labels([at('ants', 'a.jpg'), at('ants', 'a2.jpg')])).toEqual(['ants:a.jpg', 'ants:a2.jpg']);
    expect(labels([at('a.jpg')])).toEqual(['null:a.jpg']);
  });
});
