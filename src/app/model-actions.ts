// Using the trained model: predicting one image, exporting the Teachable-Machine-format zip.
import { downloadBlob } from '../lib/download';
import { checkImageFile } from '../lib/image-file-check';
import { createZip } from '../lib/zip';
import { useProjectStore } from '../state/project-store';
import { mlClient, transferImages } from '../worker/client';

export interface ClassProbability {
  label: string;
  probability: number;
}

export async function predictFile(file: File): Promise<ClassProbability[]> {
  const check = await checkImageFile(file);
  if (!check.ok) throw new Error(`${file.name || 'This file'}: ${check.reason}`);
  URL.revokeObjectURL(check.thumbnail.url);
  const bytes = await file.arrayBuffer();
  const probabilities = await mlClient().predict(transferImages({ id: 'try-it', bytes, type: file.type }));
  const labels = useProjectStore.getState().classes.map((c) => c.label);
  return probabilities.map((probability, i) => ({ label: labels[i] ?? `class ${i + 1}`, probability }));
}

export const EXPORT_FILE_NAME = 'transfer-lab-model.zip';

export async function exportModelZip(modelName = 'transfer-lab-model'): Promise<void> {
  const labels = useProjectStore.getState().classes.map((c) => c.label);
  const exported = await mlClient().exportModel(labels, modelName);
  const zip = createZip({
    'model.json': exported.modelJson,
    'weights.bin': exported.weightData,
    'metadata.json': JSON.stringify(exported.metadata, null, 2),
  });
  downloadBlob(new Blob([zip as Uint8Array<ArrayBuffer>], { type: 'application/zip' }), EXPORT_FILE_NAME);
}
