import { describe, expect, it } from 'vitest';
import { reducedDecodeWidth } from '../portable/decode-pixels.js';

describe('reducedDecodeWidth', () => {
  it('decodes a large photo to about the wanted short side, keeping its aspect ratio whichever way EXIF turns it', () => {
    // 4000x3000 to a short side of 896: width 1195 upright; turned, 1195 wide x 1593 tall, still under 3000.
    expect(reducedDecodeWidth(4000, 3000, 896)).toBe(1195);
    expect(reducedDecodeWidth(3000, 4000, 896)).toBe(1195);
    expect(reducedDecodeWidth(8000, 6000, 384)).toBe(512);
  });

  it('leaves photos that are not clearly larger, and very long panoramas, to a full decode', () => {
    expect(reducedDecodeWidth(1000, 800, 896)).toBeNull();
    expect(reducedDecodeWidth(224, 224, 896)).toBeNull();
    // 20000x1000: 896 * 20000 >= 1000^2, the width asked could exceed a turned photo's real width.
    expect(reducedDecodeWidth(20000, 1000, 896)).toBeNull();
    expect(reducedDecodeWidth(0, 0, 896)).toBeNull();
  });
});
