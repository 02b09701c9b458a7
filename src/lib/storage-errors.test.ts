import { describe, expect, it } from 'vitest';
import { guardStorage, isQuotaError, StorageFullError } from './storage-errors';

describe('storage errors', () => {
  it('recognise quota failures however the browser names them', () => {
    expect(isQuotaError(new DOMException('The quota has been exceeded.', 'QuotaExceededError'))).toBe(true);
    expect(isQuotaError({ name: 'NS_ERROR_DOM_QUOTA_REACHED' })).toBe(true);
    expect(isQuotaError(new Error('write failed', { cause: new DOMException('', 'QuotaExceededError') }))).toBe(true);
    expect(isQuotaError(new DOMException('Transaction aborted', 'AbortError'))).toBe(false);
    expect(isQuotaError('QuotaExceededError')).toBe(false);
  });

  it('turn a quota failure into one clear message and pass other errors through', async () => {
    const full = guardStorage('3 images were not added', () => Promise.reject(new DOMException('', 'QuotaExceededError')));
    await expect(full).rejects.toBeInstanceOf(StorageFullError);
    await expect(full).rejects.toThrow(/^Browser storage is full: 3 images were not added\. Everything saved before is still there\./);
    await expect(guardStorage('x', () => Promise.reject(new TypeError('boom')))).rejects.toThrow(TypeError);
    await expect(guardStorage('x', async () => 7)).resolves.toBe(7);
  });
});
