// The worker's entry: one session, the services that act on it, exposed to the page as one API
// (plus the engine watch of client.ts, and the test-only commands in test builds).
import { expose } from 'comlink';
import { createEngineWatch, watchingAfterEachCommand } from './engine-watch';
import { createEvaluationService } from './evaluation-service';
import { createInteropService } from './interop-service';
import { createLabService } from './lab-service';
import { createPipelineService } from './pipeline-service';
import type { MlWorkerApi } from '../protocol';
import { MlSession } from './session';
import { createStorageService } from './storage-service';
import { createSpeedService } from './speed-service';
import { createSourceModelService } from './source-model-service';
import { createTestHooksService } from './test-hooks-service';
import { createTrunkRankingService } from './trunk-ranking-service';

const session = new MlSession();
const engineWatch = createEngineWatch();
const api: MlWorkerApi = {
  ...createPipelineService(session),
  ...createEvaluationService(session),
  ...createStorageService(session),
  ...createInteropService(session),
  ...createSpeedService(session),
  ...createLabService(session),
  ...createSourceModelService(session),
  ...createTrunkRankingService(session),
};
const testHooks = __TEST_HOOKS__ ? createTestHooksService(session) : {};
expose({ ...watchingAfterEachCommand({ ...api, ...testHooks }, engineWatch.watchBackend), ...engineWatch.api });
