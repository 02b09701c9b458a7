// Runs scripts/install-models.mjs as a child process against temp mirrors, catalogs and dests.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const SCRIPT = fileURLToPath(new URL('./install-models.mjs', import.meta.url));
const REPO_ROOT = path.resolve(path.dirname(SCRIPT), '..');
const SHARED_MODELS = path.resolve(REPO_ROOT, '../shared/models');

interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
  out: string;
}

function run(args: string[], env: Record<string, string | undefined> = {}): Promise<RunResult> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env };
  delete childEnv.MODELS_MIRROR;
  for (const [k, v] of Object.entries(env)) {
    if (v === undefined) delete childEnv[k];
    else childEnv[k] = v;
  }
  return new Promise((resolve) => {
    execFile(process.execPath, [SCRIPT, ...args], { env: childEnv, cwd: tmpdir(), timeout: 15_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
      resolve({ code, stdout, stderr, out: stdout + stderr });
    });
  });
}

interface FakeWeight {
  name: string;
  shape: number[];
  dtype: string;
  quantization?: { dtype: string; scale: number; min: number };
}
interface FakeGroup {
  paths: string[];
  weights: FakeWeight[];
  /** byte size of each shard; default: the group's total split evenly (rest on the last). */
  shardSizes?: number[];
}

const BYTES: Record<string, number> = { float32: 4, int32: 4, uint8: 1, bool: 1, int16: 2, float16: 2, uint16: 2 };
const groupBytes = (g: FakeGroup) =>
  g.weights.reduce((a, w) => a + w.shape.reduce((x, d) => x * d, 1) * BYTES[w.quantization?.dtype ?? w.dtype], 0);

/** Writes a fake tfjs layers model.json + consistent shards into dir. */
function writeModel(dir: string, groups: FakeGroup[]): void {
  mkdirSync(dir, { recursive: true });
  const model = {
    format: 'layers-model',
    modelTopology: { class_name: 'Sequential', config: { name: 'fake', layers: [] } },
    weightsManifest: groups.map((g) => ({ paths: g.paths, weights: g.weights })),
  };
  writeFileSync(path.join(dir, 'model.json'), JSON.stringify(model));
  for (const g of groups) {
    const total = groupBytes(g);
    const n = g.paths.length;
    const sizes = g.shardSizes ?? g.paths.map((_, i) => (i < n - 1 ? Math.floor(total / n) : total - Math.floor(total / n) * (n - 1)));
    g.paths.forEach((p, i) => {
      mkdirSync(path.dirname(path.join(dir, p)), { recursive: true });
      const buf = Buffer.alloc(sizes[i]);
      for (let b = 0; b < buf.length; b++) buf[b] = (b * 31 + i) & 0xff;
      writeFileSync(path.join(dir, p), buf);
    });
  }
}

const TINY_GROUPS: FakeGroup[] = [
  // group 1: one shard, 3*3*3*8 float32 + 8 float32 = 896 bytes
  {
    paths: ['group1-shard1of1'],
    weights: [
      { name: 'conv/kernel', shape: [3, 3, 3, 8], dtype: 'float32' },
      { name: 'conv/bias', shape: [8], dtype: 'float32' },
    ],
  },
  // group 2: split over two shards, 1200 float32 = 4800 bytes
  { paths: ['group2-shard1of2', 'group2-shard2of2'], weights: [{ name: 'dense/kernel', shape: [40, 30], dtype: 'float32' }] },
  // group 3: quantized to uint8 (1000 bytes), plus an int32 scalar (4 bytes) and a bool vector (3 bytes)
  {
    paths: ['group3-shard1of1'],
    weights: [
      { name: 'q/kernel', shape: [10, 100], dtype: 'float32', quantization: { dtype: 'uint8', scale: 0.01, min: -1 } },
      { name: 'step', shape: [], dtype: 'int32' },
      { name: 'mask', shape: [3], dtype: 'bool' },
    ],
  },
];

let root: string;
const fresh = (name: string) => {
  const d = path.join(root, name);
  rmSync(d, { recursive: true, force: true });
  mkdirSync(d, { recursive: true });
  return d;
};

/** A mirror holding one trunk "tiny" (in its fallback folder "tiny_plain") and a catalog for it. */
function tinySetup(name: string, groups: FakeGroup[] = TINY_GROUPS, canonicalUrl = 'http://127.0.0.1:9/model.json') {
  const base = fresh(name);
  const mirror = path.join(base, 'mirror');
  writeModel(path.join(mirror, 'tiny_plain'), groups);
  const catalog = path.join(base, 'catalog.json');
  writeFileSync(catalog, JSON.stringify({ trunks: [{ id: 'tiny', canonicalUrl, mirrorFolders: ['tiny_no_top', 'tiny_plain'] }] }));
  return { base, mirror, catalog, dest: path.join(base, 'dest') };
}

const readIndex = (dest: string) => JSON.parse(readFileSync(path.join(dest, 'index.json'), 'utf8'));

beforeAll(() => {
  root = mkdtempSync(path.join(tmpdir(), 'install-models-test-'));
});
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

describe('install-models.mjs', () => {
  it('documents its flags in --help', async () => {
    const r = await run(['--help']);
    expect(r.code).toBe(0);
    for (const s of ['--from', '--only', '--force', '--strict', '--quiet', '--dest', '--catalog', 'MODELS_MIRROR', '../shared/models']) {
      expect(r.stdout).toContain(s);
    }
  });

  it('rejects unknown flags and unknown --only ids with exit 2', async () => {
    expect((await run(['--nope'])).code).toBe(2);
    const t = tinySetup('bad-only');
    const r = await run(['--catalog', t.catalog, '--from', t.mirror, '--dest', t.dest, '--only', 'nope']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no such trunk');
  });

  it('installs from a mirror, writes index.json, then skips; --force reinstalls', async () => {
    const t = tinySetup('mirror');
    const args = ['--catalog', t.catalog, '--from', t.mirror, '--dest', t.dest];
    const r1 = await run(args);
    expect(r1.code, r1.out).toBe(0);
    expect(r1.stdout).toContain('tiny: installed from');
    const installed = path.join(t.dest, 'tiny');
    for (const f of ['model.json', 'group1-shard1of1', 'group2-shard1of2', 'group2-shard2of2', 'group3-shard1of1']) {
      expect(readFileSync(path.join(installed, f)).equals(readFileSync(path.join(t.mirror, 'tiny_plain', f)))).toBe(true);
    }
    // no staging or temp leftovers
    expect(readdirSync(t.dest).sort()).toEqual(['index.json', 'tiny']);
    expect(readdirSync(installed).some((f) => f.includes('.tmp-'))).toBe(false);
    const idx = readIndex(t.dest);
    expect(idx.trunks).toHaveLength(1);
    expect(idx.trunks[0]).toMatchObject({ id: 'tiny', installed: true });
    expect(idx.trunks[0].source).toMatch(/^mirror:.*tiny_plain$/);

    const r2 = await run(args);
    expect(r2.code).toBe(0);
    expect(r2.stdout).toContain('tiny: ok (already installed)');
    expect(readIndex(t.dest).trunks[0]).toEqual({ id: 'tiny', installed: true, source: 'existing' });

    const r3 = await run([...args, '--quiet']);
    expect(r3.code).toBe(0);
    expect(r3.out).toBe('');

    const r4 = await run([...args, '--force']);
    expect(r4.code).toBe(0);
    expect(r4.stdout).toContain('tiny: installed from');
    expect(readIndex(t.dest).trunks[0].source).toMatch(/^mirror:/);
  });

  it('prefers the first mirror folder that exists, and MODELS_MIRROR works like --from', async () => {
    const t = tinySetup('prefer');
    writeModel(path.join(t.mirror, 'tiny_no_top'), [TINY_GROUPS[0]]);
    const r = await run(['--catalog', t.catalog, '--dest', t.dest], { MODELS_MIRROR: t.mirror });
    expect(r.code, r.out).toBe(0);
    expect(readIndex(t.dest).trunks[0].source).toMatch(/tiny_no_top$/);
    expect(existsSync(path.join(t.dest, 'tiny', 'group2-shard1of2'))).toBe(false);
  });

  it('reinstalls an existing install that does not verify (e.g. an interrupted copy)', async () => {
    const t = tinySetup('repair');
    const args = ['--catalog', t.catalog, '--from', t.mirror, '--dest', t.dest];
    expect((await run(args)).code).toBe(0);
    writeFileSync(path.join(t.dest, 'tiny', 'group1-shard1of1'), Buffer.alloc(10));
    const r = await run(args);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('group1-shard1of1: 10 bytes, manifest expects 896');
    expect(r.stdout).toContain('tiny: installed from');
    expect(readFileSync(path.join(t.dest, 'tiny', 'group1-shard1of1')).length).toBe(896);
  });

  it('reports a wrong-size mirror shard and does not install the trunk (exit 0; 1 with --strict)', async () => {
    const groups = TINY_GROUPS.map((g, i) => (i === 2 ? { ...g, shardSizes: [1200] } : g));
    const t = tinySetup('corrupt', groups);
    const args = ['--catalog', t.catalog, '--from', t.mirror, '--dest', t.dest];
    const r = await run(args);
    expect(r.code, r.out).toBe(0);
    expect(r.stderr).toMatch(/tiny_plain\/group3-shard1of1: 1200 bytes, manifest expects 1007/);
    expect(r.stderr).toContain('NOT INSTALLED');
    expect(existsSync(path.join(t.dest, 'tiny'))).toBe(false);
    expect(readIndex(t.dest).trunks[0]).toEqual({ id: 'tiny', installed: false, source: null });
    expect((await run([...args, '--strict'])).code).toBe(1);
  });

  it('--force from a corrupt mirror keeps the previous verified install (and fails --strict)', async () => {
    const t = tinySetup('force-corrupt');
    const args = ['--catalog', t.catalog, '--from', t.mirror, '--dest', t.dest];
    expect((await run(args)).code).toBe(0);
    writeFileSync(path.join(t.mirror, 'tiny_plain', 'group1-shard1of1'), Buffer.alloc(5));
    const r = await run([...args, '--force', '--strict']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('tiny: reinstall failed');
    expect(r.stderr).toContain('group1-shard1of1: 5 bytes, manifest expects 896');
    expect(r.stderr).toContain('kept the previous install');
    expect(readFileSync(path.join(t.dest, 'tiny', 'group1-shard1of1')).length).toBe(896);
    expect(readIndex(t.dest).trunks[0]).toEqual({ id: 'tiny', installed: true, source: 'existing' });
  });

  it('checks split groups: shard sizes must add up, every shard must exist', async () => {
    const uneven = TINY_GROUPS.map((g, i) => (i === 1 ? { ...g, shardSizes: [4000, 800] } : g));
    const ok = tinySetup('split-ok', uneven);
    const r1 = await run(['--catalog', ok.catalog, '--from', ok.mirror, '--dest', ok.dest]);
    expect(r1.code).toBe(0);
    expect(readIndex(ok.dest).trunks[0].installed).toBe(true);

    const short = TINY_GROUPS.map((g, i) => (i === 1 ? { ...g, shardSizes: [4000, 700] } : g));
    const bad = tinySetup('split-bad', short);
    const r2 = await run(['--catalog', bad.catalog, '--from', bad.mirror, '--dest', bad.dest]);
    expect(r2.stderr).toContain('shards add up to 4700 bytes');
    expect(r2.stderr).toContain('manifest expects 4800');
    expect(readIndex(bad.dest).trunks[0].installed).toBe(false);

    const gone = tinySetup('split-missing');
    rmSync(path.join(gone.mirror, 'tiny_plain', 'group2-shard2of2'));
    const r3 = await run(['--catalog', gone.catalog, '--from', gone.mirror, '--dest', gone.dest]);
    expect(r3.stderr).toMatch(/group2-shard2of2: missing/);
    expect(readIndex(gone.dest).trunks[0].installed).toBe(false);
  });

  it('offline with no mirror: exits 0 with an explanation; 1 with --strict', async () => {
    const t = tinySetup('offline');
    const empty = fresh('offline-empty-mirror');
    const args = ['--catalog', t.catalog, '--from', empty, '--dest', t.dest];
    const r = await run(args);
    expect(r.code, r.out).toBe(0);
    expect(r.stderr).toContain('tiny: NOT INSTALLED');
    expect(r.stderr).toContain('http://127.0.0.1:9/model.json');
    expect(r.stderr).toContain('MODELS_MIRROR=/path/to/models npm run models');
    expect(r.stderr).toContain('npm run models -- --from');
    expect(r.stderr).toMatch(/load the trunk from a URL or from local files/);
    expect(readIndex(t.dest).trunks[0]).toEqual({ id: 'tiny', installed: false, source: null });
    expect(existsSync(path.join(t.dest, 'tiny'))).toBe(false);

    const s = await run([...args, '--strict', '--quiet']);
    expect(s.code).toBe(1);
    expect(s.stdout).toBe('');
    expect(s.stderr).toContain('tiny: NOT INSTALLED');
  });

  describe('download from the canonical URL', () => {
    let server: Server;
    let baseUrl: string;
    const served = () => path.join(root, 'served');
    let hits: string[] = [];

    beforeAll(async () => {
      writeModel(path.join(served(), 'tiny'), TINY_GROUPS);
      server = createServer((req, res) => {
        hits.push(req.url ?? '');
        const file = path.join(served(), decodeURIComponent((req.url ?? '/').split('?')[0]));
        if (!file.startsWith(served()) || !existsSync(file)) {
          res.writeHead(404).end('not found');
          return;
        }
        res.writeHead(200).end(readFileSync(file));
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(() => new Promise<void>((r) => server.close(() => r())));

    it('downloads model.json and each shard relative to it, then verifies', async () => {
      const t = tinySetup('download', TINY_GROUPS, `${baseUrl}/tiny/model.json`);
      const empty = fresh('download-empty-mirror');
      hits = [];
      const r = await run(['--catalog', t.catalog, '--from', empty, '--dest', t.dest]);
      expect(r.code, r.out).toBe(0);
      expect(hits.sort()).toEqual([
        '/tiny/group1-shard1of1',
        '/tiny/group2-shard1of2',
        '/tiny/group2-shard2of2',
        '/tiny/group3-shard1of1',
        '/tiny/model.json',
      ]);
      expect(readIndex(t.dest).trunks[0]).toEqual({ id: 'tiny', installed: true, source: 'download' });
      expect(
        readFileSync(path.join(t.dest, 'tiny', 'group2-shard2of2')).equals(readFileSync(path.join(served(), 'tiny', 'group2-shard2of2'))),
      ).toBe(true);
    });

    it('does not install a download whose sizes do not match (and a 404 is not retried forever)', async () => {
      writeModel(
        path.join(served(), 'bad'),
        TINY_GROUPS.map((g, i) => (i === 0 ? { ...g, shardSizes: [100] } : g)),
      );
      const t = tinySetup('download-bad', TINY_GROUPS, `${baseUrl}/bad/model.json`);
      const empty = fresh('download-bad-empty-mirror');
      const r = await run(['--catalog', t.catalog, '--from', empty, '--dest', t.dest]);
      expect(r.code).toBe(0);
      expect(r.stderr).toContain(`${baseUrl}/bad/group1-shard1of1: 100 bytes, manifest expects 896`);
      expect(existsSync(path.join(t.dest, 'tiny'))).toBe(false);

      const t404 = tinySetup('download-404', TINY_GROUPS, `${baseUrl}/absent/model.json`);
      const r404 = await run(['--catalog', t404.catalog, '--from', empty, '--dest', t404.dest, '--strict']);
      expect(r404.code).toBe(1);
      expect(r404.stderr).toContain('HTTP 404');
    });
  });

  it('--only installs one trunk and index.json still lists all', async () => {
    const t = tinySetup('only');
    writeModel(path.join(t.mirror, 'other'), [TINY_GROUPS[0]]);
    writeFileSync(
      t.catalog,
      JSON.stringify({
        trunks: [
          { id: 'tiny', canonicalUrl: 'http://127.0.0.1:9/model.json', mirrorFolders: ['tiny_plain'] },
          { id: 'other', canonicalUrl: 'http://127.0.0.1:9/other.json', mirrorFolders: ['other'] },
        ],
      }),
    );
    const r = await run(['--catalog', t.catalog, '--from', t.mirror, '--dest', t.dest, '--only', 'other']);
    expect(r.code, r.out).toBe(0);
    expect(existsSync(path.join(t.dest, 'tiny'))).toBe(false);
    expect(readIndex(t.dest).trunks).toEqual([
      { id: 'tiny', installed: false, source: null },
      { id: 'other', installed: true, source: expect.stringMatching(/^mirror:/) },
    ]);
  });

  it.skipIf(!existsSync(SHARED_MODELS))('installs and verifies the real catalog from ../shared/models', async () => {
    const dest = fresh('real');
    const r = await run(['--dest', dest, '--strict'], { MODELS_MIRROR: SHARED_MODELS });
    expect(r.code, r.out).toBe(0);
    const catalog = JSON.parse(readFileSync(path.join(REPO_ROOT, 'src/ml/trunk-catalog.json'), 'utf8'));
    const idx = readIndex(dest);
    expect(idx.trunks.map((t: { id: string }) => t.id)).toEqual(catalog.trunks.map((t: { id: string }) => t.id));
    for (const t of idx.trunks) expect(t.installed).toBe(true);
    expect(idx.trunks.find((t: { id: string }) => t.id === 'mobilenet_v2_0.35_224').source).toMatch(/mobilenet_v2_0\.35_224_no_top$/);
    // a second strict run verifies both from disk
    const again = await run(['--dest', dest, '--strict'], { MODELS_MIRROR: SHARED_MODELS });
    expect(again.code).toBe(0);
    expect(again.stdout.match(/ok \(already installed\)/g)).toHaveLength(catalog.trunks.length);
  });
});
