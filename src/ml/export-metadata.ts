import type { ExportKind, QuantizationDtype } from './export-kinds';
import { createMetadata, type TmMetadata } from './export-model';
import { trunkCut, type TrunkDescription } from './export-readme';
import type { HeadDescriptor } from './model-files';
import { PREPROCESSING } from './preprocess';

/**
 * The JSON that travels with each export: Teachable Machine's metadata.json (full, example and
 * quantised models) and head.json (head only). Both carry the "not sure" threshold when one is
 * set; the import reads them back.
 */

export interface ExportMetadataInput {
  kind: Exclude<ExportKind, 'head'>;
  labels: string[];
  modelName: string;
  trunkId: string;
  appVersion: string;
  threshold: number | null;
  quantization: QuantizationDtype | null;
  now: Date;
}

export function createExportMetadata(input: ExportMetadataInput): TmMetadata {
  const metadata = createMetadata(input);
  metadata.userMetadata = {
    ...metadata.userMetadata,
    exportKind: input.kind,
    ...(input.threshold !== null ? { notSureThreshold: input.threshold } : {}),
    ...(input.quantization !== null ? { quantization: input.quantization } : {}),
  };
  return metadata;
}

export interface HeadJson extends HeadDescriptor {
  modelName: string;
  exportedBy: string;
  timeStamp: string;
  labels: string[];
  notSureThreshold: number | null;
  trunk: TrunkDescription & { cut: string };
  preprocessing: typeof PREPROCESSING;
}

export function createHeadJson(input: {
  labels: string[];
  modelName: string;
  appVersion: string;
  threshold: number | null;
  trunk: TrunkDescription;
  now: Date;
}): HeadJson {
  return {
    modelName: input.modelName,
    exportedBy: `Transfer Lab ${input.appVersion}`,
    timeStamp: input.now.toISOString(),
    labels: [...input.labels],
    notSureThreshold: input.threshold,
    trunk: { ...input.trunk, cut: trunkCut(input.trunk.layout, input.trunk.cutLayer).words },
    preprocessing: PREPROCESSING,
  };
}
