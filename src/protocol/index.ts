// The wire types: what crosses between the page and the workers, and the shapes stored with a
// project. Types only (lint fails on a value here), so every layer may import them; the
// protocol files themselves name types of src/ml, src/lib and src/portable, never the reverse.
export type * from './evaluation-protocol';
export type * from './interop-protocol';
export type * from './lab-protocol';
export type * from './ml-worker-api';
export type * from './protocol';
export type * from './speed-protocol';
export type * from './storage-protocol';
export type * from './training-settings';
export type * from './trunk-ranking-protocol';
