// Opening the camera for live predictions, and saying plainly why it could not be opened.

export class CameraError extends Error {}

/** The user-facing reason a getUserMedia call failed. */
export function cameraErrorMessage(error: unknown): string {
  const name = typeof error === 'object' && error !== null && 'name' in error ? String((error as { name: unknown }).name) : '';
  switch (name) {
    case 'NotAllowedError':
    case 'PermissionDeniedError':
    case 'SecurityError':
      return 'Camera permission was denied. Allow camera access for this page in the browser (the camera icon in the address bar), then start the camera again.';
    case 'NotFoundError':
    case 'DevicesNotFoundError':
    case 'OverconstrainedError':
      return 'No camera was found. Connect a camera, or drop or paste an image instead.';
    case 'NotReadableError':
    case 'TrackStartError':
      return 'The camera is busy or cannot be read: close other apps or tabs that use it and try again.';
    case 'AbortError':
      return 'The camera stopped while starting; try again.';
    default:
      return error instanceof CameraError ? error.message : `The camera could not be started: ${error instanceof Error ? error.message : String(error)}`;
  }
}

/** A video-only stream from the default camera; throws a CameraError when the page has no camera access at all. */
export async function openCamera(): Promise<MediaStream> {
  if (!navigator.mediaDevices?.getUserMedia) {
    throw new CameraError('This page has no camera access: browsers allow cameras only on https:// pages and on localhost.');
  }
  return navigator.mediaDevices.getUserMedia({ video: { width: { ideal: 640 }, height: { ideal: 480 }, facingMode: 'user' }, audio: false });
}

export function closeCamera(stream: MediaStream | null): void {
  stream?.getTracks().forEach((track) => track.stop());
}
