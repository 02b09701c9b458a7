// Command-line options of scripts/bench.ts.
import { parseArgs } from 'node:util';

export type BackendOption = 'auto' | 'wasm' | 'webgl' | 'cpu';
const BACKENDS: BackendOption[] = ['auto', 'wasm', 'webgl', 'cpu'];

export const DEFAULT_TRUNK = 'mobilenet_v2_0.35_224';
/** Seed of the bench's own split and sampling when --seed is not given (the app keeps its default). */
export const DEFAULT_DATASET_SEED = 42;

export interface BenchOptions {
  dataset: string;
  trunk: string;
  backend: BackendOption;
  trainPerClass?: number;
  classes?: string[];
  epochs?: number;
  /** Given with --seed: seeds the bench's split and the app's training. */
  seed?: number;
  noBuild: boolean;
  help: boolean;
}

export const USAGE = `usage: npm run bench -- --dataset DIR [options]

  --dataset DIR            folder of class subfolders (or train/ + test/|val/ of class subfolders)
  --trunk ID               trunk to select in the app (default ${DEFAULT_TRUNK})
  --backend B              auto | wasm | webgl | cpu (default auto: the app picks)
  --train-per-class N      first N training images per class after a seeded shuffle
  --classes a,b,c          class folders to use, in this order (default: all, by name)
  --epochs N               epochs (Advanced settings; default: the app's)
  --seed N                 seed for the bench's split/sampling and the app's training
  --no-build               skip \`vite build\` when dist/ exists
  -h, --help               this text

Prints one JSON line to stdout; progress goes to stderr.`;

export class UsageError extends Error {
  override name = 'UsageError';
}

function positiveInt(flag: string, value: string | undefined, min: number): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value.trim())) throw new UsageError(`${flag} needs a whole number, got "${value}"`);
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < min) throw new UsageError(`${flag} must be >= ${min}, got ${value}`);
  return n;
}

export function parseBenchArgs(argv: string[]): BenchOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        dataset: { type: 'string' },
        trunk: { type: 'string' },
        backend: { type: 'string' },
        'train-per-class': { type: 'string' },
        classes: { type: 'string' },
        epochs: { type: 'string' },
        seed: { type: 'string' },
        'no-build': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const help = values.help ?? false;
  if (!values.dataset && !help) throw new UsageError('--dataset DIR is required');
  const backend = (values.backend ?? 'auto') as BackendOption;
  if (!BACKENDS.includes(backend)) throw new UsageError(`--backend must be one of ${BACKENDS.join(', ')}, got "${values.backend}"`);
  let classes: string[] | undefined;
  if (values.classes !== undefined) {
    classes = values.classes
      .split(',')
      .map((c) => c.trim())
      .filter((c) => c.length > 0);
    if (classes.length === 0) throw new UsageError('--classes is empty');
  }
  const trunk = values.trunk?.trim() || DEFAULT_TRUNK;
  return {
    dataset: values.dataset ?? '',
    trunk,
    backend,
    trainPerClass: positiveInt('--train-per-class', values['train-per-class'], 1),
    classes,
    epochs: positiveInt('--epochs', values.epochs, 1),
    seed: positiveInt('--seed', values.seed, 0),
    noBuild: values['no-build'] ?? false,
    help,
  };
}
