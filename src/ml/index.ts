// The public entry of src/ml: what the workers use of the ML core. src/ml is pure TypeScript over
// tfjs (no DOM, tested on Node); the workers own the backend and call these. The page imports
// only tf-free modules of src/ml directly (settings, types), never this entry, which would pull
// tfjs into the main bundle. Lint (dependency-cruiser) keeps src/worker on this entry.

export { compareProbabilities } from './compare-predictions';
export { ml5Input, rescaleTo127, teachableMachineInput } from './consumer-preprocessing';
export { embedBatch, type TrunkRunner } from './embed';
export { scoreHeldOut } from './evaluation-report';
export { type ConsumerComparison, type MeasurementImages, type QuantizationDtype, type QuantizationReport } from './export-kinds';
export { buildExportModel, createMetadata, serializeModel } from './export-model';
export { buildExportPackage, describeTrunk, type ExampleSources, quantize, serialize } from './export-package';
export { buildTrainingPackage } from './training-package';
export { type CheckedFold, type FoldedTrunk, foldTrunkChecked } from './folded-trunk';
export { foldedTrunkFromPortable, portableBuffers, type PortableFoldedTrunk, portableFoldedTrunk } from './folded-trunk-portable';
export { buildImportedHead, inspectModelFiles } from './import-model';
export { type BoundaryEncoder, buildBoundaryEncoder, floatsPerImage } from './lab/boundary-encoder';
export { dataSizeSteps, subsamplePerClass } from './lab/data-size';
export { headEpochsBeforeFineTune, type LabSettings, type StrategyId } from './lab/lab-types';
export {
  assessImages,
  compareStrategies,
  createLabWorkspace,
  type LabEmbeddings,
  labBlocks,
  type LabWorkspace,
  measureDataSize,
  missingIds,
  prepareImages,
} from './lab/lab-orchestration';
export { rateCandidates } from './lab/fine-tune-rate';
export { depthCandidates } from './lab/fine-tune-depth';
export { type BlockMap, findBlockMap, unitCount } from './lab/mobilenet-blocks';
export { measureSimilarity, thumbnail } from './lab/similarity';
export {
  runFeatureExtraction,
  runFineTune,
  type RunHooks,
  runRandomWeights,
  type RunResult,
  runScratch,
  type Splits,
} from './lab/strategy-runs';
export { type SampleSet } from './lab/train-model';
export { loadSourceTrunk, sourceTrunkRecord, trainSourceModel } from './lab/source-model';
export { runSourceFeatureExtraction, runSourceFineTune } from './lab/source-runs';
export { recordArtifacts, type SourceTrunkRecord } from './lab/source-trunk';
export { samplePixels } from './samples/sample-pixels';
export { findSampleSet } from './samples/sample-sets';
export { registerWasmTrainingKernels } from './lab/wasm-training-kernels';
export { disposeModelFully } from './memory';
export { accuracy } from './metrics';
export { ModelFileError, type ModelFiles, readModelFiles } from './model-files';
export { checkDeclaredShapes, ModelShapeError } from './model-shape-check';
export { findNearDuplicates, NEAR_DUPLICATE_SIMILARITY } from './near-duplicates';
export { predictEmbeddings, predictPixels } from './predict';
export { predictTensor } from './predict-tensor';
export { type PixelImage, preprocessPixels } from './preprocess';
export { project2d } from './projection';
export { totalWeightBytes } from './quantize-weights';
export { RAW_PIXEL_SIZE, rawPixelVector } from './raw-pixels';
export { readRows } from './rows';
export { checkDataset, type ClassSplitCounts, stratifiedSplit } from './split';
export { type EmbeddedSet, trainHead } from './train-head';
export { embedBatchWithMirrors, mirrorViewKey } from './mirror-views';
export { trainingSets, trainWithFinalFit, type TrainingViews, type FinalFitResult } from './final-fit';
export { DEFAULT_TRAIN_CONFIG } from './train-config';
export { createRng } from './rng';
export { rankTrunks, type RankableTrunk, type TrunkEmbeddings } from './rank-trunks';
export { cutTrunk, disposeTrunk, type Trunk, type TrunkLayout, warmUpTrunk } from './trunk';
export { cutArtifactsAtLayer, cutPoolingName } from './trunk-cut';
export { homeBackend } from './on-backend';
