// The worker's entry: one session, the services that act on it, exposed to the page as one API.
import { expose } from 'comlink';
import { createEvaluationService } from './evaluation-service';
import { createInteropService } from './interop-service';
import { createLabService } from './lab-service';
import { createPipelineService } from './pipeline-service';
import type { MlWorkerApi } from '../protocol';
import { MlSession } from './session';
import { createStorageService } from './storage-service';
import { createSpeedService } from './speed-service';

const session = new MlSession();
const api: MlWorkerApi = {
  ...createPipelineService(session),
  ...createEvaluationService(session),
  ...createStorageService(session),
  ...createInteropService(session),
  ...createSpeedService(session),
  ...createLabService(session),
};
expose(api);
