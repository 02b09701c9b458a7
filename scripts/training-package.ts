// npm run training-package -- --dataset DIR --out FILE.zip [--trunk ID] [--epochs N] [--seed N]
//                              [--per-class N] [--models-dir DIR]
// DIR holds one subfolder per class. Writes the training package (docs/scale-out.md).
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import catalog from '../src/ml/trunk-catalog.json';
import { buildPackageFromFolder, CLI_DEFAULT_SETTINGS, REPO_ROOT, UsageError } from './training-package/from-folder';

const USAGE =
  'usage: npm run training-package -- --dataset DIR --out FILE.zip [--trunk ID] [--epochs N] [--seed N] [--per-class N] [--models-dir DIR]';

function positiveInteger(name: string, text: string | undefined, fallback: number | null): number | null {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new UsageError(`--${name} must be a whole number of at least 1, got "${text}".`);
  return value;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      dataset: { type: 'string' },
      out: { type: 'string' },
      trunk: { type: 'string', default: catalog.defaultTrunkId },
      epochs: { type: 'string' },
      seed: { type: 'string' },
      'per-class': { type: 'string' },
      'models-dir': { type: 'string', default: path.join(REPO_ROOT, 'public/models') },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  if (!values.dataset || !values.out) throw new UsageError('--dataset and --out are required.');
  const started = Date.now();
  const zip = await buildPackageFromFolder({
    dataset: path.resolve(values.dataset),
    trunkId: values.trunk,
    modelsDir: path.resolve(values['models-dir']),
    perClass: positiveInteger('per-class', values['per-class'], null),
    settings: {
      ...CLI_DEFAULT_SETTINGS,
      epochs: positiveInteger('epochs', values.epochs, CLI_DEFAULT_SETTINGS.epochs) ?? CLI_DEFAULT_SETTINGS.epochs,
      seed: values.seed === undefined ? CLI_DEFAULT_SETTINGS.seed : Number(values.seed),
    },
  });
  writeFileSync(values.out, zip);
  console.log(`wrote ${values.out} (${(zip.byteLength / 1e6).toFixed(1)} MB) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

main().catch((error: unknown) => {
  if (error instanceof UsageError) console.error(`${error.message}\n${USAGE}`);
  else console.error(error);
  process.exit(1);
});
