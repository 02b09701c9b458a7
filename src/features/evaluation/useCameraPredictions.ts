import { useCallback, useEffect, useRef, useState } from 'react';
import { tryCameraFrame, type LivePrediction } from '../../app/evaluation-actions';
import { cameraErrorMessage, closeCamera, openCamera } from '../../lib/camera';
import { errorMessage } from '../../lib/error-message';
import { t } from '../../lib/i18n';

/** At most this many frames per second go to the worker, leaving it time for everything else. */
export const MAX_CAMERA_FPS = 8;
const MIN_FRAME_INTERVAL_MS = 1000 / MAX_CAMERA_FPS;

export type CameraStatus = 'off' | 'starting' | 'on' | 'error';

/**
 * Webcam -> predictions. One frame at a time: the next frame is grabbed only after the worker
 * answered the previous one (and at most MAX_CAMERA_FPS times a second), so frames never queue.
 */
export function useCameraPredictions(enabled: boolean) {
  const videoRef = useRef<HTMLVideoElement | null>(null);
  const streamRef = useRef<MediaStream | null>(null);
  const loopRef = useRef(0);
  const [status, setStatus] = useState<CameraStatus>('off');
  const [message, setMessage] = useState<string | null>(null);
  const [prediction, setPrediction] = useState<LivePrediction | null>(null);
  const [frames, setFrames] = useState(0);

  const stop = useCallback(() => {
    loopRef.current++;
    closeCamera(streamRef.current);
    streamRef.current = null;
    if (videoRef.current) videoRef.current.srcObject = null;
    setStatus((s) => (s === 'error' ? s : 'off'));
  }, []);

  const runLoop = useCallback(async (loop: number) => {
    while (loopRef.current === loop) {
      const started = performance.now();
      const video = videoRef.current;
      if (video && video.readyState >= HTMLMediaElement.HAVE_CURRENT_DATA && video.videoWidth > 0) {
        try {
          const frame = await createImageBitmap(video);
          const result = await tryCameraFrame(frame);
          if (loopRef.current !== loop) return;
          setPrediction(result);
          setFrames((n) => n + 1);
        } catch (error) {
          if (loopRef.current !== loop) return;
          setMessage(t('evaluation:tryIt.liveStopped', { reason: errorMessage(error) }));
          setStatus('error');
          loopRef.current++;
          closeCamera(streamRef.current);
          streamRef.current = null;
          return;
        }
      }
      const wait = Math.max(0, MIN_FRAME_INTERVAL_MS - (performance.now() - started));
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }, []);

  const start = useCallback(async () => {
    setMessage(null);
    setStatus('starting');
    const loop = ++loopRef.current;
    try {
      const stream = await openCamera();
      if (loopRef.current !== loop) {
        closeCamera(stream);
        return;
      }
      streamRef.current = stream;
      const video = videoRef.current;
      if (!video) throw new Error(t('evaluation:tryIt.videoGone'));
      video.srcObject = stream;
      await video.play();
      setStatus('on');
      void runLoop(loop);
    } catch (error) {
      if (loopRef.current !== loop) return;
      closeCamera(streamRef.current);
      streamRef.current = null;
      setMessage(cameraErrorMessage(error));
      setStatus('error');
    }
  }, [runLoop]);

  // No model, no predictions: the camera goes off with it (and when the panel unmounts).
  useEffect(() => {
    if (!enabled) stop();
  }, [enabled, stop]);
  useEffect(() => stop, [stop]);

  return { videoRef, status, message, prediction, frames, start, stop };
}
