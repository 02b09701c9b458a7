// The worker's entry: one session, the services that act on it, exposed to the page as one API.
import { expose } from 'comlink';
import { createLabService } from './lab-service';
import { createPipelineService } from './pipeline-service';
import type { MlWorkerApi } from './protocol';
import { MlSession } from './session';

const session = new MlSession();
const api: MlWorkerApi = {
  ...createPipelineService(session),
  ...createLabService(session),
};
expose(api);
