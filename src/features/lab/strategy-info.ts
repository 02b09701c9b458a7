// How each strategy is named, coloured and explained in the lab, in classroom words.
import type { StrategyId } from '../../ml/lab/lab-types';
import { t } from '../../lib/i18n';

export interface StrategyInfo {
  /** In the current UI language, read when drawn. */
  readonly label: string;
  readonly color: string;
  /** One or two sentences beside its checkbox, in the current UI language. */
  readonly explanation: string;
}

const COLORS: Record<StrategyId, string> = {
  'feature-extraction': '#2563eb',
  'fine-tune': '#7c3aed',
  'random-weights': '#d97706',
  scratch: '#6b7280',
  'source-features': '#059669',
  'source-fine-tune': '#b45309',
};

function infoOf(id: StrategyId): StrategyInfo {
  return {
    get label() {
      return t(`lab:strategies.${id}.label`);
    },
    color: COLORS[id],
    get explanation() {
      return t(`lab:strategies.${id}.explanation`);
    },
  };
}

export const STRATEGY_INFO: Record<StrategyId, StrategyInfo> = {
  'feature-extraction': infoOf('feature-extraction'),
  'fine-tune': infoOf('fine-tune'),
  'random-weights': infoOf('random-weights'),
  scratch: infoOf('scratch'),
  'source-features': infoOf('source-features'),
  'source-fine-tune': infoOf('source-fine-tune'),
};

export function percent(value: number | null | undefined, digits = 0): string {
  return value === null || value === undefined || Number.isNaN(value)
    ? '–'
    : t('lab:units.percent', { value: (value * 100).toFixed(digits) });
}

export function seconds(ms: number | null | undefined): string {
  return ms === null || ms === undefined ? '–' : t('lab:units.seconds', { value: (ms / 1000).toFixed(1) });
}
