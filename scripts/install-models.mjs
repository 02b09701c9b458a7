#!/usr/bin/env node
// Installs the pretrained trunks of src/ml/trunk-catalog.json under public/models/<id>/
// (model.json + every weight file of its weightsManifest), from a local mirror folder or from
// the canonical URL, and verifies every file's byte size against the manifest.
//
// Runs as the package's `postinstall` and `prestart`: plain Node 20 ESM, no dependencies, and it
// never fails an install because a trunk could not be fetched (unless --strict). See --help.

import { existsSync, readdirSync } from 'node:fs';
import { copyFile, chmod, mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath, pathToFileURL } from 'node:url';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DEFAULT_CATALOG = 'src/ml/trunk-catalog.json';
const DEFAULT_DEST = 'public/models';
const DEFAULT_MIRROR = '../shared/models';
const DEFAULT_TIMEOUT_S = 20;
const DEFAULT_RETRIES = 2;
const DOWNLOAD_CONCURRENCY = 4;
const TAG = '[models]';

const HELP = `Usage: node scripts/install-models.mjs [options]      (npm run models -- [options])

Installs every trunk of the catalog (${DEFAULT_CATALOG}) under ${DEFAULT_DEST}/<id>/:
its model.json plus every weight file listed in the model's weightsManifest.
Runs automatically as "postinstall" and (with --quiet) as "prestart".

Where a trunk comes from, first match wins:
  1. a local mirror folder:
       --from DIR                  if given, else
       $MODELS_MIRROR              if set, else
       ../shared/models            beside the checkout (relative to the repo root), if it exists —
                                   the conventional mirror location next to a checkout.
     In a mirror, a trunk lives in the first of its catalog "mirrorFolders" that holds a
     model.json (for MobileNet V2 the canonical "no_top" layout folder is listed first).
  2. otherwise, a download from the trunk's canonicalUrl: model.json, then each weight path of
     its manifest relative to the model.json URL (timeout per request, a few retries).

Verification (every trunk, whatever the source, also for an existing install): every file of
the weightsManifest exists and its byte size equals the sum over its weights of
product(shape) x bytes per dtype (float32/int32 4, int16/uint16/float16 2, uint8/bool 1; the
quantized dtype where a weight has "quantization"); a group split over several shard paths
must add up to the group's total.

Files are written to a staging folder (temp file + rename per file) which replaces
${DEFAULT_DEST}/<id> only once it verifies: an interrupted install never leaves a half file
that looks complete, and a failed reinstall keeps the previous install.

A trunk that already verifies is skipped ("ok (already installed)"). ${DEFAULT_DEST}/index.json
records, for the app, which trunks are present:
  { "trunks": [ { "id", "installed": true|false, "source": "mirror:<dir>"|"download"|"existing"|null } ] }

Options:
  --from DIR        mirror folder to copy trunks from (overrides $MODELS_MIRROR)
  --only ID         install only this trunk (index.json still lists every trunk)
  --force           reinstall even if the installed trunk verifies
  --strict          exit 1 when a trunk ends up not installed or a source is corrupt (for CI)
  --quiet           print only problems
  --dest DIR        install folder (default: ${DEFAULT_DEST}, relative to the repo root)
  --catalog FILE    trunk catalog (default: ${DEFAULT_CATALOG}, relative to the repo root)
  --timeout SEC     per-request download timeout in seconds (default: ${DEFAULT_TIMEOUT_S})
  --retries N       extra download attempts after a network error, timeout or 5xx (default: ${DEFAULT_RETRIES})
  -h, --help        show this help

Environment:
  MODELS_MIRROR     mirror folder, as --from

Exit status:
  0  done — also when a trunk could not be installed (offline, no mirror, corrupt mirror file):
     a message says which trunk is missing and how to get it; \`npm ci\` must not fail offline
  1  with --strict: some trunk is not installed, or a source failed verification
  2  bad command line or unreadable catalog

Relative DIR/FILE arguments of --from/--dest/--catalog and $MODELS_MIRROR are resolved
against the current directory; the defaults against the repo root (found from this
script's location, not the current directory).

Examples:
  npm run models                                   # mirror beside the checkout, else download
  MODELS_MIRROR=/path/to/models npm run models
  npm run models -- --from /path/to/models --force
  node scripts/install-models.mjs --strict         # CI
`;

// ---------------------------------------------------------------------------------------------
// Command line

class UsageError extends Error {}

function parseArgs(argv) {
  const opts = {
    from: null,
    only: null,
    force: false,
    strict: false,
    quiet: false,
    dest: null,
    catalog: null,
    timeoutS: DEFAULT_TIMEOUT_S,
    retries: DEFAULT_RETRIES,
    help: false,
  };
  const valueFlags = new Set(['--from', '--only', '--dest', '--catalog', '--timeout', '--retries']);
  for (let i = 0; i < argv.length; i++) {
    let arg = argv[i];
    let value;
    const eq = arg.indexOf('=');
    if (arg.startsWith('--') && eq > 0) {
      value = arg.slice(eq + 1);
      arg = arg.slice(0, eq);
    }
    if (valueFlags.has(arg) && value === undefined) {
      value = argv[++i];
      if (value === undefined || value === '') throw new UsageError(`${arg} needs a value`);
    } else if (!valueFlags.has(arg) && value !== undefined) {
      throw new UsageError(`${arg} takes no value`);
    }
    switch (arg) {
      case '-h':
      case '--help':
        opts.help = true;
        break;
      case '--force':
        opts.force = true;
        break;
      case '--strict':
        opts.strict = true;
        break;
      case '--quiet':
      case '-q':
        opts.quiet = true;
        break;
      case '--from':
        opts.from = value;
        break;
      case '--only':
        opts.only = value;
        break;
      case '--dest':
        opts.dest = value;
        break;
      case '--catalog':
        opts.catalog = value;
        break;
      case '--timeout': {
        const n = Number(value);
        if (!(n > 0)) throw new UsageError(`--timeout expects seconds > 0, got "${value}"`);
        opts.timeoutS = n;
        break;
      }
      case '--retries': {
        const n = Number(value);
        if (!Number.isInteger(n) || n < 0) throw new UsageError(`--retries expects an integer >= 0, got "${value}"`);
        opts.retries = n;
        break;
      }
      default:
        throw new UsageError(`unknown argument "${arg}"`);
    }
  }
  return opts;
}

// ---------------------------------------------------------------------------------------------
// Output

function makeLog(quiet) {
  return {
    info: (msg) => {
      if (!quiet) process.stdout.write(`${TAG} ${msg}\n`);
    },
    problem: (msg) => process.stderr.write(`${TAG} ${msg}\n`),
  };
}

/** A path as shown to people: relative to the repo root when that reads well, else absolute. */
function show(p) {
  const rel = path.relative(REPO_ROOT, p);
  if (rel === '') return '.';
  if (!path.isAbsolute(rel) && !rel.startsWith(`..${path.sep}..`)) return rel.split(path.sep).join('/');
  return p;
}

function errText(err) {
  if (!err) return 'unknown error';
  if (err.name === 'TimeoutError' || err.name === 'AbortError') return 'timed out';
  const cause = err.cause;
  if (cause && (cause.code || cause.message)) {
    return `${err.message ? `${err.message}: ` : ''}${cause.code ? `${cause.code} (${cause.message})` : cause.message}`;
  }
  return err.message || String(err);
}

// ---------------------------------------------------------------------------------------------
// Manifest arithmetic

const DTYPE_BYTES = {
  float32: 4,
  int32: 4,
  uint32: 4,
  float16: 2,
  int16: 2,
  uint16: 2,
  uint8: 1,
  int8: 1,
  bool: 1,
  complex64: 8,
};

/**
 * From a parsed model.json: the files it needs and each group's expected byte total.
 * Returns { files: string[], groups: { paths: string[], bytes: number }[], errors: string[] }.
 */
function planManifest(model) {
  const errors = [];
  const groups = [];
  const files = [];
  if (!model || typeof model !== 'object' || Array.isArray(model)) {
    return { files, groups, errors: ['model.json is not a JSON object'] };
  }
  const manifest = model.weightsManifest;
  if (!Array.isArray(manifest) || manifest.length === 0) {
    return { files, groups, errors: ['model.json has no weightsManifest'] };
  }
  if (!model.modelTopology || typeof model.modelTopology !== 'object') {
    errors.push('model.json has no modelTopology');
  }
  manifest.forEach((group, gi) => {
    const where = `weightsManifest[${gi}]`;
    if (!group || !Array.isArray(group.paths) || group.paths.length === 0 || !Array.isArray(group.weights)) {
      errors.push(`${where}: needs "paths" (non-empty) and "weights" arrays`);
      return;
    }
    for (const p of group.paths) {
      const bad =
        typeof p !== 'string' ||
        p === '' ||
        path.posix.isAbsolute(p) ||
        p.includes('\\') ||
        p.split('/').some((seg) => seg === '..' || seg === '.' || seg === '') ||
        /^[a-z][a-z0-9+.-]*:/i.test(p);
      if (bad) {
        errors.push(`${where}: unsupported weight path ${JSON.stringify(p)} (must be a plain relative path)`);
        return;
      }
    }
    let bytes = 0;
    for (const [wi, w] of group.weights.entries()) {
      const name = w && typeof w.name === 'string' ? w.name : `#${wi}`;
      const shape = w && w.shape;
      if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= 0)) {
        errors.push(`${where}: weight ${name} has an invalid shape ${JSON.stringify(shape)}`);
        return;
      }
      const dtype = w.quantization && w.quantization.dtype ? w.quantization.dtype : w.dtype;
      const per = DTYPE_BYTES[dtype];
      if (per === undefined) {
        errors.push(`${where}: weight ${name} has dtype ${JSON.stringify(dtype)} whose size cannot be checked`);
        return;
      }
      bytes += shape.reduce((a, d) => a * d, 1) * per;
    }
    groups.push({ paths: group.paths, bytes });
    for (const p of group.paths) if (!files.includes(p)) files.push(p);
  });
  return { files, groups, errors };
}

/**
 * Compares actual sizes with the plan. sizeOf(p) returns a byte count or null when missing;
 * label(p) names the file in messages. Returns the list of problems (empty = verified).
 */
function checkSizes(plan, sizeOf, label) {
  const problems = [];
  for (const g of plan.groups) {
    const sizes = g.paths.map((p) => sizeOf(p));
    const missing = g.paths.filter((_, i) => sizes[i] === null);
    for (const p of missing) problems.push(`${label(p)}: missing`);
    if (missing.length) continue;
    const total = sizes.reduce((a, b) => a + b, 0);
    if (total === g.bytes) continue;
    if (g.paths.length === 1) {
      problems.push(`${label(g.paths[0])}: ${total} bytes, manifest expects ${g.bytes}`);
    } else {
      const parts = g.paths.map((p, i) => `${p} ${sizes[i]}`).join(', ');
      problems.push(
        `${label(g.paths[0])} .. ${g.paths[g.paths.length - 1]}: shards add up to ${total} bytes (${parts}), manifest expects ${g.bytes}`,
      );
    }
  }
  return problems;
}

async function fileSize(p) {
  try {
    const st = await stat(p);
    return st.isFile() ? st.size : null;
  } catch {
    return null;
  }
}

/** Verifies a trunk folder: model.json parses, every listed file is there with the right size. */
async function verifyDir(dir) {
  const modelPath = path.join(dir, 'model.json');
  let model;
  try {
    model = JSON.parse(await readFile(modelPath, 'utf8'));
  } catch (err) {
    const why = err && err.code === 'ENOENT' ? 'missing' : `unreadable (${err.message})`;
    return { ok: false, problems: [`${show(modelPath)}: ${why}`] };
  }
  const plan = planManifest(model);
  if (plan.errors.length) return { ok: false, problems: plan.errors.map((e) => `${show(modelPath)}: ${e}`), plan };
  const sizes = new Map();
  await Promise.all(plan.files.map(async (p) => sizes.set(p, await fileSize(path.join(dir, ...p.split('/'))))));
  const problems = checkSizes(
    plan,
    (p) => sizes.get(p),
    (p) => show(path.join(dir, ...p.split('/'))),
  );
  return { ok: problems.length === 0, problems, plan };
}

// ---------------------------------------------------------------------------------------------
// File system helpers

let tmpCounter = 0;
const tmpName = (target) => `${target}.tmp-${process.pid}-${++tmpCounter}`;

async function writeAtomic(target, data) {
  await mkdir(path.dirname(target), { recursive: true });
  const tmp = tmpName(target);
  try {
    await writeFile(tmp, data);
    await rename(tmp, target);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}

async function copyAtomic(src, target) {
  await mkdir(path.dirname(target), { recursive: true });
  const tmp = tmpName(target);
  try {
    await copyFile(src, tmp);
    await chmod(tmp, 0o644); // mirrors are often read-only; the copy should not be
    await rename(tmp, target);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}

function pidAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err.code === 'EPERM';
  }
}

/** Removes staging/backup folders of this trunk left by interrupted runs (not live ones). */
async function cleanStale(dest, id) {
  let names;
  try {
    names = readdirSync(dest);
  } catch {
    return;
  }
  const re = new RegExp(`^\\.${id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.(staging|old)-(\\d+)-\\d+$`);
  for (const name of names) {
    const m = re.exec(name);
    if (m && !pidAlive(Number(m[2]))) await rm(path.join(dest, name), { recursive: true, force: true });
  }
}

/** Puts a verified staging folder in place of dest/<id>, keeping the old one until it is done. */
async function swapIn(staging, target, stamp) {
  const old = path.join(path.dirname(target), `.${path.basename(target)}.old-${stamp}`);
  let moved = false;
  if (existsSync(target)) {
    await rename(target, old);
    moved = true;
  }
  try {
    await rename(staging, target);
  } catch (err) {
    if (moved) await rename(old, target).catch(() => {});
    throw err;
  }
  if (moved) await rm(old, { recursive: true, force: true });
}

// ---------------------------------------------------------------------------------------------
// Download

class HttpError extends Error {
  constructor(url, status, statusText) {
    super(`HTTP ${status}${statusText ? ` ${statusText}` : ''}`);
    this.url = url;
    this.status = status;
  }
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** GET url as bytes; retries network errors, timeouts, 429 and 5xx. Throws the last error. */
async function fetchBytes(url, { timeoutS, retries }) {
  let lastErr;
  for (let attempt = 0; attempt <= retries; attempt++) {
    if (attempt > 0) await sleep(300 * 2 ** (attempt - 1));
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(timeoutS * 1000), redirect: 'follow' });
      if (!res.ok) {
        const err = new HttpError(url, res.status, res.statusText);
        await res.body?.cancel().catch(() => {});
        if (res.status !== 429 && res.status < 500) throw Object.assign(err, { final: true });
        lastErr = err;
        continue;
      }
      return Buffer.from(await res.arrayBuffer());
    } catch (err) {
      if (err.final) throw err;
      lastErr = err;
    }
  }
  lastErr.attempts = retries + 1;
  throw lastErr;
}

async function pool(items, n, fn) {
  let next = 0;
  const workers = Array.from({ length: Math.min(n, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++];
      await fn(item);
    }
  });
  await Promise.all(workers);
}

// ---------------------------------------------------------------------------------------------
// One trunk

function findMirrorFolder(mirror, trunk) {
  for (const folder of trunk.mirrorFolders || []) {
    const dir = path.resolve(mirror, folder);
    if (existsSync(path.join(dir, 'model.json'))) return dir;
  }
  return null;
}

/**
 * Installs one trunk into dest/<id>. Returns
 * { installed, source, problems: string[], missingReason?: string, corrupt?: boolean }.
 */
async function installTrunk(trunk, ctx) {
  const { dest, mirror, opts, log, unreachableOrigins } = ctx;
  const target = path.join(dest, trunk.id);

  let existing = null;
  if (existsSync(target)) {
    existing = await verifyDir(target);
    if (existing.ok && !opts.force) {
      log.info(`${trunk.id}: ok (already installed)`);
      return { installed: true, source: 'existing', problems: [] };
    }
    if (!existing.ok) {
      log.info(`${trunk.id}: existing install at ${show(target)} does not verify, reinstalling:`);
      for (const p of existing.problems) log.info(`    ${p}`);
    }
  }
  const keepExisting = (result) => {
    // A failed (forced) reinstall leaves a previously verified install in place.
    if (existing && existing.ok) {
      const problems = result.problems.map((l) => l.replace(`${trunk.id}: NOT INSTALLED — `, `${trunk.id}: reinstall failed — `));
      return { ...result, problems, installed: true, source: 'existing', kept: true };
    }
    return result;
  };

  await mkdir(dest, { recursive: true });
  await cleanStale(dest, trunk.id);
  const stamp = `${process.pid}-${Date.now()}`;
  const staging = path.join(dest, `.${trunk.id}.staging-${stamp}`);

  try {
    // 1. Mirror
    const mirrorDir = mirror ? findMirrorFolder(mirror, trunk) : null;
    if (mirrorDir) {
      const v = await verifyDir(mirrorDir);
      if (!v.ok) {
        const problems = [
          `${trunk.id}: NOT INSTALLED — the mirror copy at ${show(mirrorDir)} is corrupt:`,
          ...v.problems.map((p) => `    ${p}`),
          `  Fix or replace the mirror folder, or install from the canonical URL without a mirror:`,
          `    ${trunk.canonicalUrl}`,
        ];
        return keepExisting({ installed: false, source: null, problems, corrupt: true });
      }
      await mkdir(staging, { recursive: true });
      await copyAtomic(path.join(mirrorDir, 'model.json'), path.join(staging, 'model.json'));
      for (const p of v.plan.files) {
        await copyAtomic(path.join(mirrorDir, ...p.split('/')), path.join(staging, ...p.split('/')));
      }
      const after = await verifyDir(staging);
      if (!after.ok) {
        const problems = [
          `${trunk.id}: NOT INSTALLED — the copy from ${show(mirrorDir)} does not verify:`,
          ...after.problems.map((p) => `    ${p}`),
        ];
        return keepExisting({ installed: false, source: null, problems, corrupt: true });
      }
      await swapIn(staging, target, stamp);
      const source = `mirror:${show(mirrorDir)}`;
      log.info(`${trunk.id}: installed from ${show(mirrorDir)} (${after.plan.files.length + 1} files)`);
      return { installed: true, source, problems: [] };
    }

    // 2. Download
    const url = trunk.canonicalUrl;
    if (!url) {
      const why = mirror
        ? `not in the mirror ${show(mirror)} and no canonicalUrl in the catalog`
        : 'no mirror folder and no canonicalUrl in the catalog';
      return keepExisting({ installed: false, source: null, problems: [], missingReason: why });
    }
    let origin;
    try {
      origin = new URL(url).origin;
    } catch {
      return keepExisting({ installed: false, source: null, problems: [], missingReason: `invalid canonicalUrl ${JSON.stringify(url)}` });
    }
    const where = mirror ? `not in the mirror ${show(mirror)}` : 'no mirror folder found';
    if (unreachableOrigins.has(origin)) {
      return keepExisting({
        installed: false,
        source: null,
        problems: [],
        missingReason: `${where}, and ${origin} was unreachable earlier in this run (${unreachableOrigins.get(origin)})`,
      });
    }
    log.info(`${trunk.id}: ${where}, downloading ${url}`);
    let modelBytes;
    try {
      modelBytes = await fetchBytes(url, opts);
    } catch (err) {
      const detail =
        err instanceof HttpError
          ? `${err.message} for ${url}`
          : `${errText(err)}${err.attempts ? `, ${err.attempts} attempt${err.attempts === 1 ? '' : 's'}` : ''}`;
      if (!(err instanceof HttpError)) unreachableOrigins.set(origin, detail);
      return keepExisting({ installed: false, source: null, problems: [], missingReason: `${where}, and the download failed: ${detail}` });
    }
    let model;
    try {
      model = JSON.parse(modelBytes.toString('utf8'));
    } catch (err) {
      return keepExisting({
        installed: false,
        source: null,
        problems: [],
        corrupt: true,
        missingReason: `${url} is not valid JSON (${err.message})`,
      });
    }
    const plan = planManifest(model);
    if (plan.errors.length) {
      const problems = [
        `${trunk.id}: NOT INSTALLED — the downloaded model.json is unusable:`,
        ...plan.errors.map((e) => `    ${url}: ${e}`),
      ];
      return keepExisting({ installed: false, source: null, problems, corrupt: true });
    }
    await mkdir(staging, { recursive: true });
    const sizes = new Map();
    const failures = [];
    await pool(plan.files, DOWNLOAD_CONCURRENCY, async (p) => {
      const fileUrl = new URL(p, url).href;
      try {
        const bytes = await fetchBytes(fileUrl, opts);
        sizes.set(p, bytes.length);
        await writeAtomic(path.join(staging, ...p.split('/')), bytes);
      } catch (err) {
        sizes.set(p, null);
        failures.push(`${fileUrl}: ${err instanceof HttpError ? err.message : errText(err)}`);
      }
    });
    if (failures.length) {
      return keepExisting({
        installed: false,
        source: null,
        problems: [],
        missingReason: `the download of ${failures.length} weight file(s) failed: ${failures.slice(0, 3).join('; ')}${failures.length > 3 ? '; ...' : ''}`,
      });
    }
    const sizeProblems = checkSizes(
      plan,
      (p) => sizes.get(p),
      (p) => new URL(p, url).href,
    );
    if (sizeProblems.length) {
      const problems = [
        `${trunk.id}: NOT INSTALLED — the downloaded files do not match their manifest:`,
        ...sizeProblems.map((p) => `    ${p}`),
      ];
      return keepExisting({ installed: false, source: null, problems, corrupt: true });
    }
    await writeAtomic(path.join(staging, 'model.json'), modelBytes);
    const after = await verifyDir(staging);
    if (!after.ok) {
      const problems = [`${trunk.id}: NOT INSTALLED — the downloaded copy does not verify:`, ...after.problems.map((p) => `    ${p}`)];
      return keepExisting({ installed: false, source: null, problems, corrupt: true });
    }
    await swapIn(staging, target, stamp);
    log.info(`${trunk.id}: installed from ${url} (${plan.files.length + 1} files)`);
    return { installed: true, source: 'download', problems: [] };
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

function missingMessage(trunk, reason, target) {
  return [
    `${trunk.id}: NOT INSTALLED — ${reason}.`,
    `  The app needs ${show(target)}/model.json and its weight files for this trunk.`,
    `  Canonical URL: ${trunk.canonicalUrl || '(none in the catalog)'}`,
    `  To get it:`,
    `    - from a folder holding a mirror of the models (e.g. a copy of shared/models):`,
    `        MODELS_MIRROR=/path/to/models npm run models`,
    `        npm run models -- --from /path/to/models`,
    `    - when online: npm run models   (downloads from the canonical URL)`,
    `    - or, in the app, load the trunk from a URL or from local files (model.json + weight files).`,
  ];
}

// ---------------------------------------------------------------------------------------------
// Main

async function main(argv) {
  let opts;
  try {
    opts = parseArgs(argv);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(`${TAG} ${err.message}\n${TAG} see --help\n`);
    return 2;
  }
  if (opts.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const log = makeLog(opts.quiet);

  const catalogPath = opts.catalog ? path.resolve(opts.catalog) : path.join(REPO_ROOT, DEFAULT_CATALOG);
  const dest = opts.dest ? path.resolve(opts.dest) : path.join(REPO_ROOT, DEFAULT_DEST);
  let trunks;
  try {
    const catalog = JSON.parse(await readFile(catalogPath, 'utf8'));
    trunks = catalog.trunks;
    if (!Array.isArray(trunks)) throw new Error('no "trunks" array');
    for (const t of trunks) {
      if (!t || typeof t.id !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(t.id)) {
        throw new Error(`bad trunk id ${JSON.stringify(t && t.id)}`);
      }
    }
  } catch (err) {
    log.problem(`cannot read the catalog ${show(catalogPath)}: ${err.message}`);
    return 2;
  }
  if (opts.only && !trunks.some((t) => t.id === opts.only)) {
    log.problem(`--only ${opts.only}: no such trunk in ${show(catalogPath)} (have: ${trunks.map((t) => t.id).join(', ')})`);
    return 2;
  }

  // Mirror: --from, else $MODELS_MIRROR, else ../shared/models beside the checkout.
  let mirror = null;
  let mirrorProblem = null;
  const explicit = opts.from ? ['--from', opts.from] : process.env.MODELS_MIRROR ? ['MODELS_MIRROR', process.env.MODELS_MIRROR] : null;
  if (explicit) {
    const dir = path.resolve(explicit[1]);
    if (existsSync(dir)) mirror = dir;
    else mirrorProblem = `${explicit[0]} ${explicit[1]}: no such folder; falling back to downloads`;
  } else {
    const dir = path.resolve(REPO_ROOT, DEFAULT_MIRROR);
    if (existsSync(dir)) mirror = dir;
  }
  if (mirrorProblem) log.problem(mirrorProblem);
  else if (mirror) log.info(`mirror: ${show(mirror)}`);

  const ctx = { dest, mirror, opts, log, unreachableOrigins: new Map() };
  const index = [];
  let failed = !!(mirrorProblem && opts.strict);
  for (const trunk of trunks) {
    const target = path.join(dest, trunk.id);
    if (opts.only && trunk.id !== opts.only) {
      const v = existsSync(target) ? await verifyDir(target) : { ok: false };
      index.push({ id: trunk.id, installed: v.ok, source: v.ok ? 'existing' : null });
      continue;
    }
    let r;
    try {
      r = await installTrunk(trunk, ctx);
    } catch (err) {
      r = { installed: false, source: null, problems: [`${trunk.id}: NOT INSTALLED — ${err.message}`] };
    }
    const lines = [...r.problems];
    if (r.kept) {
      // --force reinstall failed: say why, and that the previous (verified) install stays.
      if (r.missingReason) lines.push(`${trunk.id}: reinstall failed — ${r.missingReason}`);
      lines.push(`${trunk.id}: kept the previous install at ${show(target)} (it verifies)`);
    } else if (!r.installed && r.missingReason) {
      lines.push(...missingMessage(trunk, r.missingReason, target));
    } else if (!r.installed && lines.length) {
      lines.push(...missingMessage(trunk, 'see above', target).slice(1));
    }
    for (const line of lines) log.problem(line);
    if (!r.installed || r.kept || r.corrupt || r.problems.length) failed = true;
    index.push({ id: trunk.id, installed: r.installed, source: r.installed ? r.source : null });
  }

  try {
    await writeAtomic(path.join(dest, 'index.json'), `${JSON.stringify({ trunks: index }, null, 2)}\n`);
  } catch (err) {
    log.problem(`cannot write ${show(path.join(dest, 'index.json'))}: ${err.message}`);
    failed = true;
  }
  const installed = index.filter((t) => t.installed).length;
  if (installed === index.length) log.info(`${installed}/${index.length} trunks ready in ${show(dest)}`);
  else
    log.problem(
      `${installed}/${index.length} trunks ready in ${show(dest)}${opts.strict ? '' : ' (not an error: the install goes on; use --strict to fail)'}`,
    );
  return failed && opts.strict ? 1 : 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ? path.resolve(process.argv[1]) : '').href) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err) => {
      process.stderr.write(`${TAG} unexpected error: ${err && err.stack ? err.stack : err}\n`);
      // Never break `npm ci` for a trunk; only --strict turns failures into an exit status.
      process.exitCode = process.argv.includes('--strict') ? 1 : 0;
    },
  );
}
