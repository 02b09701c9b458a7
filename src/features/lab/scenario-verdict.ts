// The sentence a scenario preset ends with: did the advice hold, with that run's numbers.
import { t } from '../../lib/i18n';
import type { StrategyId } from '../../ml/lab/lab-types';
import type { ScenarioPreset, Verdict } from '../../ml/lab/scenario-presets';
import { percent, STRATEGY_INFO } from './strategy-info';

// The lab table's own format, so the verdict and the table show the same figures.
const pct = (value: number): string => percent(value);

export function scenarioVerdictText(
  preset: Pick<ScenarioPreset, 'advice' | 'strategies'>,
  testAccuracy: Partial<Record<StrategyId, number>>,
  verdict: Verdict,
): string {
  const scored = preset.strategies.filter((s) => testAccuracy[s] !== undefined);
  const all = scored.map((s) => t('lab:scenarios.score', { strategy: STRATEGY_INFO[s].label, score: pct(testAccuracy[s]!) })).join(', ');
  const advice = STRATEGY_INFO[preset.advice].label;
  if (testAccuracy[preset.advice] === undefined) return t('lab:scenarios.adviceMissing', { advice, all });
  if (verdict.matchesAdvice) return t('lab:scenarios.held', { advice, score: pct(testAccuracy[preset.advice]!), all });
  return t('lab:scenarios.notHeld', {
    advice,
    winner: STRATEGY_INFO[verdict.winner].label,
    winnerScore: pct(testAccuracy[verdict.winner]!),
    score: pct(testAccuracy[preset.advice]!),
    all,
  });
}
