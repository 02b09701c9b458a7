import { describe, expect, it } from 'vitest';
import { cameraErrorMessage } from './camera';

describe('cameraErrorMessage', () => {
  it('says what to do for each way getUserMedia fails', () => {
    expect(cameraErrorMessage(new DOMException('Permission denied', 'NotAllowedError'))).toMatch(/^Camera access was denied\. Allow the camera/);
    expect(cameraErrorMessage(new DOMException('Requested device not found', 'NotFoundError'))).toMatch(/^No camera was found/);
    expect(cameraErrorMessage(new DOMException('Could not start video source', 'NotReadableError'))).toMatch(/another app or tab may be using it/);
    expect(cameraErrorMessage(Object.assign(new Error('x'), { name: 'NoMediaDevices' }))).toMatch(/https/);
    expect(cameraErrorMessage(new Error('weird'))).toBe('The camera could not be opened: weird');
  });
});
