// A worker that only inspects incoming images (see image-inspect.ts); the ML worker stays free
// for embedding and training.
import { expose } from 'comlink';
import { inspectImage } from './image-inspect';

export type ImageInspectApi = { inspect: typeof inspectImage };

const api: ImageInspectApi = { inspect: inspectImage };
expose(api);
