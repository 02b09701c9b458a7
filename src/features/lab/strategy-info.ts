// How each strategy is named, coloured and explained in the lab, in classroom words.
import type { StrategyId } from '../../ml/lab/lab-types';

export interface StrategyInfo {
  label: string;
  color: string;
  /** One or two sentences beside its checkbox. */
  explanation: string;
}

export const STRATEGY_INFO: Record<StrategyId, StrategyInfo> = {
  'feature-extraction': {
    label: 'Feature extraction',
    color: '#2563eb',
    explanation:
      'Freeze the pretrained model and train only a small head on its features. Frozen means its weights never change: it describes each photo with what it learnt from 1.2 million ImageNet photos, and only the head learns your classes.',
  },
  'fine-tune': {
    label: 'Fine-tune top blocks',
    color: '#7c3aed',
    explanation:
      'Start like feature extraction; halfway through, unfreeze the top blocks and let them change a little (a tiny learning rate) so their features fit your photos better. The lower blocks, which detect edges and textures, stay frozen.',
  },
  'random-weights': {
    label: 'Same architecture, random weights',
    color: '#d97706',
    explanation:
      'The very same MobileNet layers, but with random weights instead of the pretrained ones, trained on your photos alone. It shows that the head start comes from what the model learnt, not from its shape.',
  },
  scratch: {
    label: 'From scratch (small CNN)',
    color: '#6b7280',
    explanation:
      'A small network of our own, trained only on your photos at 64 px. This is the baseline every other strategy is compared with.',
  },
};

export function percent(value: number | null | undefined, digits = 0): string {
  return value === null || value === undefined || Number.isNaN(value) ? '–' : `${(value * 100).toFixed(digits)}%`;
}

export function seconds(ms: number | null | undefined): string {
  return ms === null || ms === undefined ? '–' : `${(ms / 1000).toFixed(1)} s`;
}
