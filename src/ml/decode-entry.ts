// The decode worker's entry into src/ml for its first chunk (src/ml/index.ts is the ML worker's).
// It must not load tfjs: through index.ts that chunk grew from 8.6 kB to 1.96 MB, since bundling
// an entry keeps every module with side effects (tfjs registers its backends on load).
export { RAW_PIXEL_SIZE, rawPixelVector } from './raw-pixels';
