import { describe, expect, it } from 'vitest';
import { CameraError, cameraConstraints, cameraErrorMessage, isMirrored, preferredFacing } from './camera';

describe('cameraErrorMessage', () => {
  it('says what to do for each way getUserMedia fails', () => {
    expect(cameraErrorMessage(new DOMException('Permission denied', 'NotAllowedError'))).toMatch(
      /^Camera access was denied\. Allow the camera/,
    );
    expect(cameraErrorMessage(new DOMException('Requested device not found', 'NotFoundError'))).toMatch(/^No camera was found/);
    expect(cameraErrorMessage(Object.assign(new Error('raw'), { name: 'OverconstrainedError' }))).toMatch(/^No camera was found/);
    expect(cameraErrorMessage(new DOMException('Could not start video source', 'NotReadableError'))).toMatch(
      /busy .*another app or tab may be using it/,
    );
    expect(cameraErrorMessage(Object.assign(new Error('x'), { name: 'NoMediaDevices' }))).toMatch(/https/);
  });

  it('passes its own messages through and names anything else', () => {
    expect(cameraErrorMessage(new CameraError('no https'))).toBe('no https');
    expect(cameraErrorMessage(new Error('boom'))).toBe('The camera could not be started: boom');
    expect(cameraErrorMessage('odd')).toBe('The camera could not be started: odd');
  });
});

describe('which camera opens', () => {
  it('a touch device starts with the back camera, a mouse device with the one facing the user', () => {
    expect(preferredFacing(true)).toBe('environment');
    expect(preferredFacing(false)).toBe('user');
  });

  it('asks for the facing as a preference, so a one-camera device still opens its camera', () => {
    expect(cameraConstraints('environment')).toMatchObject({ video: { facingMode: { ideal: 'environment' } }, audio: false });
    expect(cameraConstraints('user')).toMatchObject({ video: { facingMode: { ideal: 'user' } } });
  });

  it('mirrors only the camera that faces the user', () => {
    expect(isMirrored('user')).toBe(true);
    expect(isMirrored('environment')).toBe(false);
  });
});
