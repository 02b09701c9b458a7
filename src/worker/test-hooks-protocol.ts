// Worker commands that exist only in test builds (`__TEST_HOOKS__`, vite.config.ts): the
// benchmark's synthetic embedding run and the fault injection the recovery tests use. The
// production worker has none of them (scripts/production-bundle.test.ts checks).

export interface SyntheticEmbedReport {
  images: number;
  ms: number;
  tensorsBefore: number;
  tensorsAfter: number;
  /** Wasm heap after the first batch (warm) and at the end; equal when nothing grows per image. */
  wasmHeapAfterFirstBatch: number | null;
  wasmHeapAfter: number | null;
}

export interface TestHooksApi {
  /** Embeds `count` generated images of `size`x`size` pixels through the same path as real ones; nothing is cached. */
  embedSynthetic(count: number, size: number): Promise<SyntheticEmbedReport>;
  /**
   * Loses the webgl backend's context the way a GPU reset does (WEBGL_lose_context); false when
   * the worker does not run on webgl.
   */
  loseWebglContext(): Promise<boolean>;
}
