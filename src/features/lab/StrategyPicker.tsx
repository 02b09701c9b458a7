import { useTranslation } from 'react-i18next';
import { SOURCE_STRATEGY_IDS, STRATEGY_IDS } from '../../ml/lab/lab-types';
import { useLabStore } from '../../state/lab-store';
import { selectChosenSourceTrunk, useSourceModelStore } from '../../state/source-model-store';
import { STRATEGY_INFO } from './strategy-info';

/** One checkbox per strategy, each with its plain-language explanation. */
export function StrategyPicker({ disabled }: { disabled: boolean }) {
  const { t } = useTranslation('lab');
  const selected = useLabStore((s) => s.selected);
  const toggleStrategy = useLabStore((s) => s.toggleStrategy);
  const own = useSourceModelStore(selectChosenSourceTrunk);
  return (
    <fieldset className="lab-strategies" disabled={disabled}>
      <legend>{t('strategies.legend')}</legend>
      {/* Until there is a model of your own its two strategies would be two disabled entries
          (140 px at 1366x768, past the Lab step's three screens): one line says where they come from. */}
      {STRATEGY_IDS.filter((id) => own || !SOURCE_STRATEGY_IDS.includes(id)).map((id) => (
        <label key={id} className="lab-strategy">
          <input
            type="checkbox"
            data-testid={`lab-strategy-${id}`}
            checked={selected.includes(id)}
            onChange={(e) => toggleStrategy(id, e.target.checked)}
          />
          <span className="lab-swatch" style={{ background: STRATEGY_INFO[id].color }} />
          <span>
            <strong>{t(`strategies.${id}.label`)}</strong>
            <span className="muted lab-explain">{t(`strategies.${id}.explanation`)}</span>
            {SOURCE_STRATEGY_IDS.includes(id) && (
              <span className="muted lab-explain" data-testid={`lab-strategy-${id}-source`}>
                {own && t('strategies.reuses', { name: own.name })}
              </span>
            )}
          </span>
        </label>
      ))}
      {!own && (
        <p className="muted lab-explain" data-testid="lab-strategies-own-hint">
          {t('strategies.needsSource')}
        </p>
      )}
    </fieldset>
  );
}
