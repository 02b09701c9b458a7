// Command-line options of scripts/bench.ts.
import { parseArgs } from 'node:util';

export type BackendOption = 'auto' | 'wasm' | 'webgl' | 'webgpu' | 'cpu';
const BACKENDS: BackendOption[] = ['auto', 'wasm', 'webgl', 'webgpu', 'cpu'];
export type HeadPlacementOption = 'cpu' | 'backend';
const HEAD_PLACEMENTS: HeadPlacementOption[] = ['cpu', 'backend'];
export type PeerOption = 'teachable-machine';
const PEERS: PeerOption[] = ['teachable-machine'];

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
  /**
   * The app's test share (Advanced settings). Default 0: the bench scores both sides on its own
   * held-out test images, and Teachable Machine keeps no test set of its own, so a share here
   * would only train the app on fewer images than the peer.
   */
  appTestShare: number;
  noBuild: boolean;
  /** Build folder served to the browser (default dist). */
  outDir: string;
  /** Also run this library on the same split, in the same browser and backend, and print ratios. */
  peer?: PeerOption;
  /** With --peer: run the peer first (the machine's load drifts; alternate to check). */
  peerFirst: boolean;
  /** After the run, embed this many generated images through the worker and report memory growth. */
  repeatEmbed?: number;
  /** With --peer: repeat app and peer this many times, alternating which goes first; prints medians. */
  rounds: number;
  /** With a GPU --backend: train the head there, then again the other way; both ms per epoch. */
  headPlacement?: HeadPlacementOption;
  /** Run the app once per training lever set (training-levers.ts) and print their comparison. */
  options: boolean;
  help: boolean;
}

export const USAGE = `usage: npm run bench -- --dataset DIR [options]

  --dataset DIR            folder of class subfolders (or train/ + test/|val/ of class subfolders)
  --trunk ID               trunk to select in the app (default ${DEFAULT_TRUNK})
  --backend B              auto | wasm | webgl | webgpu | cpu (default auto: the app picks)
  --head-placement P       with --backend webgl|webgpu: cpu | backend, where the head trains; then
                           it trains once more the other way on the same embeddings, and the line
                           gets both placements' ms per epoch (headPlacement)
  --train-per-class N      first N training images per class after a seeded shuffle
  --classes a,b,c          class folders to use, in this order (default: all, by name)
  --epochs N               epochs (Advanced settings; default: the app's)
  --seed N                 seed for the bench's split/sampling and the app's training
  --app-test-share F       the app's own test share, 0 to 0.5 (default 0: the bench holds out its
                           own test images, and Teachable Machine keeps none, so both sides train
                           on the same images; 0.15 benches the app's default)
  --no-build               skip \`vite build\` when the build folder exists
  --out-dir DIR            build folder to build into and serve (default dist)
  --peer teachable-machine also run @teachablemachine/image (its web defaults) on the same split,
                           browser and backend, and print its line and a ratios line
  --peer-first             with --peer: run the peer before the app
  --repeat-embed N         afterwards embed N generated images through the worker: memory growth
  --compare                instead: the lab's transfer-vs-scratch comparison, one JSON line per
                           strategy (options of scripts/bench/compare.ts: --per-class N, --epochs N,
                           --seeds N, --strategies a,b, --assess, --data-size, --screenshot FILE)
  --lesson                 instead: the lesson's scenario presets, one JSON line per experiment
                           (scripts/bench/lesson.ts: --scale F, --seeds N, --epochs N,
                           --experiments a,b, --photos DIR, --port N, --out-dir DIR, --no-build)
  --options                the app once per training lever set (Teachable Machine's recipe, mirror
                           views, final fit, both = the default), each in a fresh browser context
                           on the same split, then an "options" line: each lever's test accuracy
                           and embedding + training time beside the recipe's
  --rounds N               with --peer: N rounds alternating which runs first, then the median
                           ratios (the machine's load drifts between phases of one round)
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

function shareArg(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value.trim());
  if (value.trim() === '' || !Number.isFinite(n) || n < 0 || n > 0.5)
    throw new UsageError(`${flag} needs a share from 0 to 0.5, got "${value}"`);
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
        'app-test-share': { type: 'string' },
        'no-build': { type: 'boolean' },
        'out-dir': { type: 'string' },
        peer: { type: 'string' },
        'peer-first': { type: 'boolean' },
        'repeat-embed': { type: 'string' },
        rounds: { type: 'string' },
        'head-placement': { type: 'string' },
        options: { type: 'boolean' },
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
  const peer = values.peer as PeerOption | undefined;
  if (peer !== undefined && !PEERS.includes(peer)) throw new UsageError(`--peer must be one of ${PEERS.join(', ')}, got "${values.peer}"`);
  if (peer && backend === 'webgpu')
    throw new UsageError("--peer runs Teachable Machine's library, which has no webgpu backend: use --backend wasm or webgl with it");
  if (values['peer-first'] && !peer) throw new UsageError('--peer-first needs --peer');
  const rounds = positiveInt('--rounds', values.rounds, 1) ?? 1;
  if (rounds > 1 && !peer) throw new UsageError('--rounds needs --peer');
  const leverOptions = values.options ?? false;
  if (leverOptions && rounds > 1) throw new UsageError('--options runs each lever once: leave out --rounds');
  const headPlacement = values['head-placement'] as HeadPlacementOption | undefined;
  if (headPlacement !== undefined && !HEAD_PLACEMENTS.includes(headPlacement))
    throw new UsageError(`--head-placement must be one of ${HEAD_PLACEMENTS.join(', ')}, got "${values['head-placement']}"`);
  if (headPlacement && backend !== 'webgl' && backend !== 'webgpu')
    throw new UsageError('--head-placement needs --backend webgl or webgpu (on a CPU backend the head trains where the trunk runs)');
  const outDir = values['out-dir']?.trim() || 'dist';
  const appTestShare = shareArg('--app-test-share', values['app-test-share']) ?? 0;
  return {
    dataset: values.dataset ?? '',
    trunk,
    backend,
    trainPerClass: positiveInt('--train-per-class', values['train-per-class'], 1),
    classes,
    epochs: positiveInt('--epochs', values.epochs, 1),
    seed: positiveInt('--seed', values.seed, 0),
    appTestShare,
    noBuild: values['no-build'] ?? false,
    outDir,
    peer,
    peerFirst: values['peer-first'] ?? false,
    repeatEmbed: positiveInt('--repeat-embed', values['repeat-embed'], 1),
    rounds,
    ...(headPlacement ? { headPlacement } : {}),
    options: leverOptions,
    help,
  };
}
