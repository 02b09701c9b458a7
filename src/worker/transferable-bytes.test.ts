import { describe, expect, it } from 'vitest';
import type { ImageBytes } from '../protocol';
import { transferableBytes } from './transferable-bytes';

describe('transferableBytes', () => {
  it('lists the buffers to transfer, in order, and leaves Blob handles out (they cannot be transferred, and need not be)', () => {
    const first = new ArrayBuffer(4);
    const last = new ArrayBuffer(8);
    const images: ImageBytes[] = [
      { id: 'a', bytes: first, type: 'image/png' },
      { id: 'b', bytes: new Blob([new Uint8Array(3)], { type: 'image/jpeg' }), type: 'image/jpeg' },
      { id: 'c', bytes: last, type: 'image/png' },
    ];
    expect(transferableBytes(images)).toEqual([first, last]);
    expect(transferableBytes(images)[1]).toBe(last);
    expect(transferableBytes([])).toEqual([]);
  });
});
