// The bench's dataset-folder parsing, class picking and seeded splitting, on temp folders.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseBenchArgs, UsageError } from './args';
import { DatasetError, datasetUrl, isImageFile, mulberry32, planDataset, scanDataset, seededShuffle, testCount } from './dataset';
import { resolveInside, mimeType } from './static-server';

const roots: string[] = [];
afterAll(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

/** Creates a folder tree from { 'a/b.jpg': '' }-style entries (a trailing '/' makes an empty folder). */
function tree(files: string[]): string {
  const root = mkdtempSync(path.join(tmpdir(), 'bench-dataset-'));
  roots.push(root);
  for (const file of files) {
    const full = path.join(root, file);
    if (file.endsWith('/')) mkdirSync(full, { recursive: true });
    else {
      mkdirSync(path.dirname(full), { recursive: true });
      writeFileSync(full, 'x');
    }
  }
  return root;
}

const range = <T>(n: number, make: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => make(i));

describe('isImageFile', () => {
  it('accepts the six image extensions in any case and nothing else', () => {
    for (const name of ['a.jpg', 'b.JPEG', 'c.Png', 'd.gif', 'e.webp', 'f.BMP']) expect(isImageFile(name)).toBe(true);
    for (const name of ['a.txt', 'b.jpg.json', 'c', 'README.md', '.hidden.jpg', 'd.tiff', 'e.svg']) expect(isImageFile(name)).toBe(false);
  });
});

describe('scanDataset', () => {
  it('uses train/ and test/ when both exist', () => {
    const root = tree([
      'train/cat/1.jpg',
      'train/cat/2.JPG',
      'train/dog/1.png',
      'test/cat/9.jpg',
      'test/dog/8.jpeg',
      'test/dog/notes.txt',
      'val/dog/7.jpg',
    ]);
    const scan = scanDataset(root);
    expect(scan.layout).toBe('split');
    expect(scan.testSplit).toBe('test');
    expect(scan.classes).toEqual([
      { name: 'cat', train: ['train/cat/1.jpg', 'train/cat/2.JPG'], test: ['test/cat/9.jpg'] },
      { name: 'dog', train: ['train/dog/1.png'], test: ['test/dog/8.jpeg'] },
    ]);
  });

  it('falls back to val/ when there is no test/', () => {
    const root = tree(['train/ants/a.jpg', 'train/bees/b.gif', 'val/ants/c.jpg', 'val/bees/d.jpeg', 'val/wasps/e.jpg']);
    const scan = scanDataset(root);
    expect(scan.testSplit).toBe('val');
    expect(scan.classes.map((c) => [c.name, c.test])).toEqual([
      ['ants', ['val/ants/c.jpg']],
      ['bees', ['val/bees/d.jpeg']],
    ]);
    expect(scan.notes.join('\n')).toContain('wasps');
  });

  it('treats other folders as classes and ignores hidden folders and loose files', () => {
    const root = tree(['b/1.jpg', 'a/1.webp', 'a/2.bmp', '.cache/x.jpg', 'loose.jpg', 'empty/']);
    const scan = scanDataset(root);
    expect(scan.layout).toBe('flat');
    expect(scan.classes.map((c) => [c.name, c.train])).toEqual([
      ['a', ['a/1.webp', 'a/2.bmp']],
      ['b', ['b/1.jpg']],
      ['empty', []],
    ]);
  });

  it('splits a lone train/ folder itself', () => {
    const scan = scanDataset(tree(['train/x/1.jpg', 'train/y/1.jpg']));
    expect(scan.layout).toBe('flat');
    expect(scan.classes.map((c) => c.train)).toEqual([['train/x/1.jpg'], ['train/y/1.jpg']]);
  });

  it('fails clearly on a missing folder or one without classes', () => {
    expect(() => scanDataset(path.join(tmpdir(), 'no-such-bench-dataset-xyz'))).toThrow(DatasetError);
    expect(() => scanDataset(path.join(tmpdir(), 'no-such-bench-dataset-xyz'))).toThrow(/not found/);
    expect(() => scanDataset(tree(['only.jpg']))).toThrow(/no class folders/);
  });
});

describe('planDataset', () => {
  const flat = () =>
    scanDataset(tree([...range(10, (i) => `cats/c${i}.jpg`), ...range(5, (i) => `dogs/d${i}.jpg`), ...range(1, (i) => `owls/o${i}.jpg`)]));

  it('splits each class 80/20 without overlap, the same way for the same seed', () => {
    const plan = planDataset(flat(), { seed: 7 });
    expect(plan.classes.map((c) => [c.name, c.train.length, c.test.length])).toEqual([
      ['cats', 8, 2],
      ['dogs', 4, 1],
      ['owls', 1, 0],
    ]);
    for (const c of plan.classes) {
      expect(new Set([...c.train, ...c.test]).size).toBe(c.train.length + c.test.length);
      for (const p of [...c.train, ...c.test]) expect(p.startsWith(`${c.name}/`)).toBe(true);
    }
    expect(planDataset(flat(), { seed: 7 }).classes).toEqual(plan.classes);
  });

  it('changes the split with the seed', () => {
    const tests = new Set(range(8, (seed) => planDataset(flat(), { seed }).classes[0].test.join(',')));
    expect(tests.size).toBeGreaterThan(1);
  });

  it('keeps a class split independent of which other classes are picked', () => {
    const all = planDataset(flat(), { seed: 3 });
    const one = planDataset(flat(), { seed: 3, classes: ['dogs', 'cats'] });
    expect(one.classes.map((c) => c.name)).toEqual(['dogs', 'cats']);
    expect(one.classes[1]).toEqual(all.classes[0]);
    expect(one.classes[0]).toEqual(all.classes[1]);
  });

  it('rejects unknown, repeated or empty classes', () => {
    expect(() => planDataset(flat(), { seed: 1, classes: ['cats', 'bats'] })).toThrow(/"bats" not found.*cats, dogs, owls/);
    expect(() => planDataset(flat(), { seed: 1, classes: ['cats', 'cats'] })).toThrow(/twice/);
    const withEmpty = scanDataset(tree(['a/1.jpg', 'b/']));
    expect(() => planDataset(withEmpty, { seed: 1, classes: ['a', 'b'] })).toThrow(/"b" has no image files/);
    const plan = planDataset(withEmpty, { seed: 1 });
    expect(plan.classes.map((c) => c.name)).toEqual(['a']);
    expect(plan.notes.join('\n')).toMatch(/"b" has no training images/);
    expect(() => planDataset(scanDataset(tree(['a/', 'b/'])), { seed: 1 })).toThrow(/no classes with images/);
  });

  it('takes the first N training images after a seeded shuffle, keeping the given test split', () => {
    const root = tree([
      ...range(20, (i) => `train/a/${String(i).padStart(2, '0')}.jpg`),
      ...range(20, (i) => `train/b/${i}.png`),
      'val/a/t.jpg',
      'val/b/t.jpg',
    ]);
    const scan = scanDataset(root);
    const plan = planDataset(scan, { seed: 5, trainPerClass: 6 });
    expect(plan.classes.map((c) => [c.train.length, c.test])).toEqual([
      [6, ['val/a/t.jpg']],
      [6, ['val/b/t.jpg']],
    ]);
    const full = planDataset(scan, { seed: 5 });
    expect(full.classes[0].train.slice(0, 6)).toEqual(plan.classes[0].train);
    expect(full.classes[0].train).not.toEqual(scan.classes[0].train); // shuffled
    expect([...full.classes[0].train].sort()).toEqual(scan.classes[0].train);
    expect(planDataset(scan, { seed: 6, trainPerClass: 6 }).classes[0].train).not.toEqual(plan.classes[0].train);
    const few = planDataset(scan, { seed: 5, trainPerClass: 50 });
    expect(few.classes[0].train.length).toBe(20);
    expect(few.notes.join('\n')).toMatch(/20 training images/);
  });

  it('splits only the training side in a flat folder before capping it', () => {
    const plan = planDataset(flat(), { seed: 9, trainPerClass: 3 });
    expect(plan.classes.map((c) => [c.train.length, c.test.length])).toEqual([
      [3, 2],
      [3, 1],
      [1, 0],
    ]);
    const full = planDataset(flat(), { seed: 9 });
    expect(plan.classes[0].test).toEqual(full.classes[0].test);
  });
});

describe('helpers', () => {
  it('testCount keeps at least one image on each side', () => {
    expect([0, 1, 2, 3, 5, 10, 12, 100].map((n) => testCount(n, 0.2))).toEqual([0, 0, 1, 1, 1, 2, 2, 20]);
  });

  it('seededShuffle is a deterministic permutation', () => {
    const items = range(50, (i) => i);
    const a = seededShuffle(items, mulberry32(1));
    expect(a).toEqual(seededShuffle(items, mulberry32(1)));
    expect(a).not.toEqual(items);
    expect([...a].sort((x, y) => x - y)).toEqual(items);
    expect(items[0]).toBe(0); // input untouched
  });

  it('datasetUrl encodes each path segment', () => {
    expect(datasetUrl('/__dataset__/', 'train/lily valley/a#1.jpg')).toBe('/__dataset__/train/lily%20valley/a%231.jpg');
  });

  it('the server maps URLs inside its folder only, with the right MIME types', () => {
    expect(resolveInside('/srv/dist', '/a/b.js')).toBe(path.resolve('/srv/dist/a/b.js'));
    expect(resolveInside('/srv/dist', '/../etc/passwd')).toBe(path.resolve('/srv/dist/etc/passwd'));
    expect(resolveInside('/srv/dist', '/..')).toBe(path.resolve('/srv/dist'));
    expect(mimeType('x.wasm')).toBe('application/wasm');
    expect(mimeType('model.json')).toMatch(/^application\/json/);
    expect(mimeType('A.JPG')).toBe('image/jpeg');
    expect(mimeType('group1-shard1of1.bin')).toBe('application/octet-stream');
  });
});

describe('parseBenchArgs', () => {
  it('parses every option', () => {
    const o = parseBenchArgs([
      '--dataset',
      'd',
      '--trunk',
      't',
      '--backend',
      'wasm',
      '--train-per-class',
      '10',
      '--classes',
      'a, b,c',
      '--epochs',
      '3',
      '--seed',
      '0',
      '--app-test-share',
      '0.15',
      '--no-build',
      '--options',
    ]);
    expect(o).toEqual({
      dataset: 'd',
      trunk: 't',
      backend: 'wasm',
      trainPerClass: 10,
      classes: ['a', 'b', 'c'],
      epochs: 3,
      seed: 0,
      appTestShare: 0.15,
      noBuild: true,
      outDir: 'dist',
      peer: undefined,
      peerFirst: false,
      repeatEmbed: undefined,
      rounds: 1,
      options: true,
      help: false,
    });
    const speed = parseBenchArgs([
      '--dataset',
      'd',
      '--out-dir',
      'dist-x',
      '--peer',
      'teachable-machine',
      '--peer-first',
      '--repeat-embed',
      '1000',
      '--rounds',
      '3',
    ]);
    expect(speed).toMatchObject({ outDir: 'dist-x', peer: 'teachable-machine', peerFirst: true, repeatEmbed: 1000, rounds: 3 });
  });

  it('has defaults', () => {
    const o = parseBenchArgs(['--dataset=d']);
    expect(o).toMatchObject({ dataset: 'd', trunk: 'mobilenet_v2_0.35_224', backend: 'auto', noBuild: false, appTestShare: 0 });
    expect(o.classes).toBeUndefined();
    expect(o.epochs).toBeUndefined();
  });

  it('rejects bad input', () => {
    expect(() => parseBenchArgs([])).toThrow(/--dataset/);
    expect(() => parseBenchArgs(['--dataset', 'd', '--backend', 'gpu'])).toThrow(UsageError);
    expect(() => parseBenchArgs(['--dataset', 'd', '--epochs', '0'])).toThrow(/>= 1/);
    expect(() => parseBenchArgs(['--dataset', 'd', '--epochs', '2.5'])).toThrow(/whole number/);
    expect(() => parseBenchArgs(['--dataset', 'd', '--bogus'])).toThrow(UsageError);
    expect(() => parseBenchArgs(['--dataset', 'd', '--classes', ' , '])).toThrow(/empty/);
    expect(() => parseBenchArgs(['--dataset', 'd', '--peer', 'ml5'])).toThrow(/--peer must be one of teachable-machine/);
    expect(() => parseBenchArgs(['--dataset', 'd', '--peer-first'])).toThrow(/needs --peer/);
    expect(() => parseBenchArgs(['--dataset', 'd', '--repeat-embed', '0'])).toThrow(/>= 1/);
    expect(() => parseBenchArgs(['--dataset', 'd', '--rounds', '2'])).toThrow(/--rounds needs --peer/);
    for (const share of ['0.6', '-0.1', 'x', ''])
      expect(() => parseBenchArgs(['--dataset', 'd', `--app-test-share=${share}`])).toThrow(/share from 0 to 0.5/);
  });
});
