// Images for the comparison with other tools' preprocessing: the bytes, plus Teachable Machine's
// canvas crop drawn here on the page (the worker cannot draw an <img>).
import { teachableMachineCanvasPixels } from '../lib/consumer-pixels';
import { useTrunkStore } from '../state/trunk-store';
import type { ConsumerSample, LabelledImageBytes } from '../protocol';

export async function consumerSample(image: LabelledImageBytes): Promise<ConsumerSample> {
  const size = useTrunkStore.getState().info?.imageSize ?? 224;
  const square = await teachableMachineCanvasPixels(new Blob([image.bytes], { type: image.type }), size);
  return { ...image, teachableMachineSquare: square };
}

/** The buffers to move (not copy) to the worker. */
export function consumerSampleTransferables(sample: ConsumerSample): ArrayBuffer[] {
  return [sample.bytes, sample.teachableMachineSquare.data.buffer as ArrayBuffer];
}
