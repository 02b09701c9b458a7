// Everything the page can ask of the ML worker and everything it hears back: the pipeline's
// commands and events (protocol.ts) joined with each area's (*-protocol.ts). Kept apart from
// protocol.ts, which the areas import, so that no protocol file imports one that imports it back.
import type { EvaluationApi, EvaluationEvent } from './evaluation-protocol';
import type { InteropApi, InteropEvent } from './interop-protocol';
import type { LabApi, LabEvent, SourceModelApi } from './lab-protocol';
import type { PipelineApi, PipelineEvent } from './protocol';
import type { SpeedApi } from './speed-protocol';
import type { StorageApi } from './storage-protocol';
import type { TrunkRankingApi, TrunkRankingEvent } from './trunk-ranking-protocol';

export type WorkerEvent = PipelineEvent | EvaluationEvent | InteropEvent | LabEvent | TrunkRankingEvent;

export type WorkerEventListener = (event: WorkerEvent) => void;

/** How the page hears the worker: one subscriber gets every event (pipeline-service.ts). */
export interface WorkerEventsApi {
  subscribe(listener: WorkerEventListener): void;
}

/**
 * Everything the page can ask of the worker: the pipeline plus one interface per area, each
 * implemented by its own service and joined in ml.worker.ts.
 */
export type MlWorkerApi = WorkerEventsApi &
  PipelineApi &
  EvaluationApi &
  StorageApi &
  InteropApi &
  SpeedApi &
  LabApi &
  SourceModelApi &
  TrunkRankingApi;
