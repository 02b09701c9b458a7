// Recognises "storage is full" however the browser reports it, so the user gets one clear message.

export class StorageFullError extends Error {
  constructor(what: string) {
    super(
      `Browser storage is full: ${what}. Everything saved before is still there. ` +
        'Free space by deleting projects or images you no longer need (or save this project as a file first), then try again.',
    );
    this.name = 'StorageFullError';
  }
}

export function isQuotaError(error: unknown): boolean {
  if (error instanceof StorageFullError) return true;
  if (typeof error !== 'object' || error === null) return false;
  const { name, message, code, cause } = error as { name?: unknown; message?: unknown; code?: unknown; cause?: unknown };
  if (name === 'QuotaExceededError' || name === 'NS_ERROR_DOM_QUOTA_REACHED' || code === 22) return true;
  if (typeof message === 'string' && /quota/i.test(message)) return true;
  return cause !== undefined && cause !== error && isQuotaError(cause);
}

/** Runs a storage write; a quota failure becomes a StorageFullError describing `what` did not happen. */
export async function guardStorage<T>(what: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (isQuotaError(error)) throw new StorageFullError(what);
    throw error;
  }
}
