import { describe, expect, it } from 'vitest';
import { CameraError, cameraErrorMessage } from './camera';

describe('cameraErrorMessage', () => {
  const named = (name: string) => Object.assign(new Error('raw'), { name });

  it('says why the camera could not start, by error name', () => {
    expect(cameraErrorMessage(named('NotAllowedError'))).toMatch(/permission was denied/);
    expect(cameraErrorMessage(named('NotFoundError'))).toMatch(/No camera was found/);
    expect(cameraErrorMessage(named('OverconstrainedError'))).toMatch(/No camera was found/);
    expect(cameraErrorMessage(named('NotReadableError'))).toMatch(/busy/);
  });

  it('passes its own messages through and names anything else', () => {
    expect(cameraErrorMessage(new CameraError('no https'))).toBe('no https');
    expect(cameraErrorMessage(new Error('boom'))).toBe('The camera could not be started: boom');
    expect(cameraErrorMessage('odd')).toBe('The camera could not be started: odd');
  });
});
