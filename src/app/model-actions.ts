// Using the trained model: predicting one image. (Exports: interop-actions.ts.)
import { checkImageFile } from '../lib/image-file-check';
import { useProjectStore } from '../state/project-store';
import { mlClient, transferImages } from '../worker/client';
import { t } from '../lib/i18n';

export interface ClassProbability {
  label: string;
  probability: number;
}

export async function predictFile(file: File): Promise<ClassProbability[]> {
  const check = await checkImageFile(file);
  if (!check.ok) throw new Error(t('notices:fileProblem', { name: file.name || t('notices:thisFile'), reason: check.reason }));
  URL.revokeObjectURL(check.thumbnail.url);
  const bytes = await file.arrayBuffer();
  const probabilities = await mlClient().predict(transferImages({ id: 'try-it', bytes, type: file.type }));
  const labels = useProjectStore.getState().classes.map((c) => c.label);
  return probabilities.map((probability, i) => ({ label: labels[i] ?? t('notices:fallbackClassLabel', { number: i + 1 }), probability }));
}
