// The worker's entry: it only exposes the session to the page.
import { expose } from 'comlink';
import { MlSession } from './session';

expose(new MlSession());
