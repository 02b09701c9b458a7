// The guided lesson's steps: what each runs and the "what to notice" sentence it writes from that
// run's own numbers. Plain data and pure functions, so the wording is tested without a browser.
import { t } from '../../lib/i18n';
import type { StrategyId } from '../../ml/lab/lab-types';

/** What one strategy measured in a lesson run (means over seeds; fractions 0-1). */
export interface Outcome {
  start: number | null;
  slope: number | null;
  asymptote: number | null;
  testAccuracy: number | null;
}

export type Outcomes = Partial<Record<StrategyId, Outcome>>;

export type LessonStepId = 'pretrained-model' | 'feature-extraction' | 'three-benefits' | 'freeze-k' | 'scenarios' | 'develop-model';

/** What a step's notice may quote besides the race: your own source model, for the develop-model step. */
export interface LessonContext {
  sourceModel?: { sourceName: string; validationAccuracy: number | null } | null;
}

export interface LessonStep {
  id: LessonStepId;
  /** In the current UI language (`lesson:steps.<id>.title`), read when drawn. */
  readonly title: string;
  /** Two or three short sentences for 12-16-year-olds, in the current UI language. */
  readonly explain: string;
  /** The lab strategies the step races; fine-tuning unfreezes `fineTuneBlocks` top units. */
  strategies: StrategyId[];
  fineTuneBlocks?: number;
  /** The step reuses your own source model: trained first (on the ten-shapes source task) when none is chosen. */
  needsSourceModel?: boolean;
  notice: (outcomes: Outcomes, context?: LessonContext) => string;
}

const pct = (value: number | null | undefined): string =>
  value === null || value === undefined ? '–' : t('lesson:percent', { value: (value * 100).toFixed(0) });
const pts = (value: number | null | undefined): string =>
  value === null || value === undefined ? '–' : `${value >= 0 ? '+' : ''}${t('lesson:points', { value: (value * 100).toFixed(1) })}`;

function compare<T>(a: number | null | undefined, b: number | null | undefined, better: T, same: T, worse: T): T {
  if (a === null || a === undefined || b === null || b === undefined) return same;
  if (Math.abs(a - b) < 0.005) return same;
  return a > b ? better : worse;
}

/** A step whose title and explanation are read from the catalogue each time they are shown. */
function step(id: LessonStepId, rest: Omit<LessonStep, 'id' | 'title' | 'explain'>): LessonStep {
  return {
    id,
    get title() {
      return t(`lesson:steps.${id}.title`);
    },
    get explain() {
      return t(`lesson:steps.${id}.explain`);
    },
    ...rest,
  };
}

export const LESSON_STEPS: readonly LessonStep[] = [
  step('pretrained-model', {
    strategies: ['feature-extraction'],
    notice: (o) => {
      const fe = o['feature-extraction'];
      return t('lesson:steps.pretrained-model.notice', { start: pct(fe?.start), test: pct(fe?.testAccuracy) });
    },
  }),
  step('feature-extraction', {
    strategies: ['feature-extraction', 'scratch'],
    notice: (o) =>
      t('lesson:steps.feature-extraction.notice', {
        featureStart: pct(o['feature-extraction']?.start),
        scratchStart: pct(o.scratch?.start),
        featureTest: pct(o['feature-extraction']?.testAccuracy),
        scratchTest: pct(o.scratch?.testAccuracy),
      }),
  }),
  step('three-benefits', {
    strategies: ['feature-extraction', 'scratch'],
    notice: (o) => {
      const fe = o['feature-extraction'];
      const scratch = o.scratch;
      return t('lesson:steps.three-benefits.notice', {
        featureStart: pct(fe?.start),
        scratchStart: pct(scratch?.start),
        featureSlope: pts(fe?.slope),
        scratchSlope: pts(scratch?.slope),
        featureAsymptote: pct(fe?.asymptote),
        scratchAsymptote: pct(scratch?.asymptote),
      });
    },
  }),
  step('freeze-k', {
    strategies: ['feature-extraction', 'fine-tune'],
    fineTuneBlocks: 3,
    notice: (o) => {
      const ft = o['fine-tune']?.testAccuracy;
      const fe = o['feature-extraction']?.testAccuracy;
      const verdict = t(compare(ft, fe, 'lesson:steps.freeze-k.better', 'lesson:steps.freeze-k.same', 'lesson:steps.freeze-k.worse'));
      return t('lesson:steps.freeze-k.notice', { fineTuneTest: pct(ft), featureTest: pct(fe), verdict });
    },
  }),
  step('scenarios', {
    strategies: ['feature-extraction', 'fine-tune', 'scratch'],
    fineTuneBlocks: 3,
    notice: (o) => {
      const entries = (Object.entries(o) as [StrategyId, Outcome][]).filter(([, v]) => v.testAccuracy !== null);
      const best = entries.sort((a, b) => (b[1].testAccuracy ?? 0) - (a[1].testAccuracy ?? 0))[0];
      return best
        ? t('lesson:steps.scenarios.notice', {
            winner: t(`lesson:steps.scenarios.names.${best[0]}`),
            winnerTest: pct(best[1].testAccuracy),
            featureTest: pct(o['feature-extraction']?.testAccuracy),
            fineTuneTest: pct(o['fine-tune']?.testAccuracy),
            scratchTest: pct(o.scratch?.testAccuracy),
          })
        : t('lesson:steps.scenarios.noneFinished');
    },
  }),
  step('develop-model', {
    strategies: ['feature-extraction', 'source-features', 'scratch'],
    needsSourceModel: true,
    notice: (o, context) => {
      const own = o['source-features']?.testAccuracy;
      const scratch = o.scratch?.testAccuracy;
      const verdict = t(
        compare(own, scratch, 'lesson:steps.develop-model.better', 'lesson:steps.develop-model.same', 'lesson:steps.develop-model.worse'),
      );
      return t('lesson:steps.develop-model.notice', {
        source: context?.sourceModel?.sourceName ?? '–',
        sourceAccuracy: pct(context?.sourceModel?.validationAccuracy),
        ownTest: pct(own),
        featureTest: pct(o['feature-extraction']?.testAccuracy),
        scratchTest: pct(scratch),
        verdict,
      });
    },
  }),
];
