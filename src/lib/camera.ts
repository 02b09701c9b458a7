// The webcam: opening it, saying in plain words why it could not be opened, and grabbing frames.
// Used by both Try-it (live predictions) and the dataset's webcam capture.

export class CameraError extends Error {}

const NO_CAMERA_ACCESS = 'This browser gives no camera access here: cameras work only on https:// pages and on localhost.';

/** The user-facing reason a getUserMedia call failed. */
export function cameraErrorMessage(error: unknown): string {
  if (error instanceof CameraError) return error.message;
  const name = typeof error === 'object' && error !== null && 'name' in error ? String((error as { name: unknown }).name) : '';
  switch (name) {
    case 'NotAllowedError':
    case 'PermissionDeniedError':
    case 'SecurityError':
      return 'Camera access was denied. Allow the camera for this site (the camera icon in the address bar), then open the camera again.';
    case 'NotFoundError':
    case 'DevicesNotFoundError':
    case 'OverconstrainedError':
      return 'No camera was found. Connect a camera (or enable it in the system settings), or drop or paste an image instead.';
    case 'NotReadableError':
    case 'TrackStartError':
      return 'The camera is busy or cannot be read: another app or tab may be using it. Close it, then open the camera again.';
    case 'AbortError':
      return 'The camera stopped while starting; open it again.';
    case 'NoMediaDevices':
      return NO_CAMERA_ACCESS;
    default:
      return `The camera could not be started: ${error instanceof Error ? error.message : String(error)}`;
  }
}

/** Which camera: the one facing the user (laptops, selfies) or the back one (phones pointed at things). */
export type CameraFacing = 'user' | 'environment';

/**
 * Phones and tablets (a coarse pointer: a finger) start with the back camera, the one a student
 * points at objects; a laptop's only camera faces the user.
 */
export function preferredFacing(coarsePointer = typeof matchMedia === 'function' && matchMedia('(pointer: coarse)').matches): CameraFacing {
  return coarsePointer ? 'environment' : 'user';
}

/** Only the camera facing the user is mirrored, as a mirror is; the back camera shows the world as it is. */
export function isMirrored(facing: CameraFacing): boolean {
  return facing === 'user';
}

/** `ideal`, not `exact`: a device with one camera still opens it instead of failing. */
export function cameraConstraints(facing: CameraFacing): MediaStreamConstraints {
  return { video: { width: { ideal: 640 }, height: { ideal: 480 }, facingMode: { ideal: facing } }, audio: false };
}

/** A video-only stream from the camera facing `facing`; throws a CameraError when the page has no camera access at all. */
export async function openCamera(facing: CameraFacing = preferredFacing()): Promise<MediaStream> {
  if (!navigator.mediaDevices?.getUserMedia) throw new CameraError(NO_CAMERA_ACCESS);
  return navigator.mediaDevices.getUserMedia(cameraConstraints(facing));
}

export function closeCamera(stream: MediaStream | null): void {
  stream?.getTracks().forEach((track) => track.stop());
}

/**
 * One frame as a JPEG, mirrored when the preview is, so the saved image matches what the user saw;
 * the long side is capped, as phone-sized frames gain the trunk nothing.
 */
export async function captureFrame(video: HTMLVideoElement, maxSide = 640, mirrored = true): Promise<Blob | null> {
  const { videoWidth: width, videoHeight: height } = video;
  if (width === 0 || height === 0) return null;
  const scale = Math.min(1, maxSide / Math.max(width, height));
  const canvas = new OffscreenCanvas(Math.round(width * scale), Math.round(height * scale));
  const context = canvas.getContext('2d');
  if (!context) return null;
  if (mirrored) {
    context.translate(canvas.width, 0);
    context.scale(-1, 1);
  }
  context.drawImage(video, 0, 0, canvas.width, canvas.height);
  return canvas.convertToBlob({ type: 'image/jpeg', quality: 0.9 });
}
