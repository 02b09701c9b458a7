import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { addWebcamFrames } from '../../app/dataset-actions';
import {
  captureFrame,
  cameraErrorMessage,
  closeCamera,
  isMirrored,
  openCamera,
  preferredFacing,
  type CameraFacing,
} from '../../lib/camera';

/** Frames per second while the record button is held. */
const FRAMES_PER_SECOND = 8;
/** Frames handed to the ingest together while recording continues. */
const FLUSH_EVERY = 8;

/**
 * A mirrored webcam preview with a hold-to-record button: while it is held (mouse, touch, or
 * Space/Enter), frames are captured into the class as a burst.
 */
export function WebcamCapture({ classId, onClose }: { classId: string; onClose: () => void }) {
  const { t } = useTranslation('dataset');
  const videoRef = useRef<HTMLVideoElement>(null);
  const streamRef = useRef<MediaStream | null>(null);
  const timerRef = useRef<ReturnType<typeof setInterval> | null>(null);
  const pendingRef = useRef<Blob[]>([]);
  const [state, setState] = useState<'opening' | 'live' | 'error'>('opening');
  const [error, setError] = useState<string | null>(null);
  const [recording, setRecording] = useState(false);
  const [captured, setCaptured] = useState(0);
  const [facing, setFacing] = useState<CameraFacing>(() => preferredFacing());

  const flush = () => {
    const frames = pendingRef.current;
    pendingRef.current = [];
    if (frames.length > 0) void addWebcamFrames(classId, frames);
  };

  const stop = () => {
    if (timerRef.current) clearInterval(timerRef.current);
    timerRef.current = null;
    setRecording(false);
    flush();
  };

  const start = () => {
    if (timerRef.current || state !== 'live') return;
    setRecording(true);
    const grab = async () => {
      const video = videoRef.current;
      if (!video) return;
      const frame = await captureFrame(video, undefined, isMirrored(facing));
      if (!frame) return;
      pendingRef.current.push(frame);
      setCaptured((n) => n + 1);
      if (pendingRef.current.length >= FLUSH_EVERY) flush();
    };
    void grab();
    timerRef.current = setInterval(() => void grab(), 1000 / FRAMES_PER_SECOND);
  };

  useEffect(() => {
    let cancelled = false;
    setState('opening');
    openCamera(facing)
      .then(async (stream) => {
        if (cancelled) return closeCamera(stream);
        streamRef.current = stream;
        const video = videoRef.current;
        if (video) {
          video.srcObject = stream;
          await video.play().catch(() => undefined);
        }
        setState('live');
      })
      .catch((e: unknown) => {
        if (cancelled) return;
        setError(cameraErrorMessage(e));
        setState('error');
      });
    return () => {
      cancelled = true;
      if (timerRef.current) clearInterval(timerRef.current);
      timerRef.current = null;
      closeCamera(streamRef.current);
      streamRef.current = null;
      // Frames captured just before closing still go into the class.
      flush();
    };
  }, [facing]);

  return (
    <div className="webcam" data-testid="webcam-panel" data-state={state}>
      {state === 'error' ? (
        <p role="alert" className="error" data-testid="webcam-error">
          {error}
        </p>
      ) : (
        <>
          <video
            ref={videoRef}
            className={isMirrored(facing) ? 'webcam-preview mirrored' : 'webcam-preview'}
            data-testid="webcam-preview"
            data-facing={facing}
            muted
            playsInline
          />
          <div className="row">
            <button
              type="button"
              className={`primary${recording ? ' recording' : ''}`}
              data-testid="webcam-record"
              disabled={state !== 'live'}
              aria-pressed={recording}
              onPointerDown={(e) => {
                e.currentTarget.setPointerCapture(e.pointerId);
                start();
              }}
              onPointerUp={stop}
              onPointerCancel={stop}
              onLostPointerCapture={stop}
              onKeyDown={(e) => {
                if ((e.key === ' ' || e.key === 'Enter') && !e.repeat) {
                  e.preventDefault();
                  start();
                }
              }}
              onKeyUp={(e) => {
                if (e.key === ' ' || e.key === 'Enter') stop();
              }}
              onBlur={stop}
            >
              {recording ? t('recording') : state === 'opening' ? t('openingCamera') : t('holdToRecord')}
            </button>
            <span className="muted" data-testid="webcam-captured" data-count={captured}>
              {t('framesCaptured', { count: captured })}
            </span>
          </div>
        </>
      )}
      <div className="row">
        <button
          type="button"
          data-testid="webcam-switch"
          disabled={recording}
          onClick={() => setFacing((f) => (f === 'user' ? 'environment' : 'user'))}
        >
          {facing === 'user' ? t('useBackCamera') : t('useFrontCamera')}
        </button>
        <button type="button" data-testid="webcam-close" onClick={onClose}>
          {t('closeWebcam')}
        </button>
      </div>
    </div>
  );
}
