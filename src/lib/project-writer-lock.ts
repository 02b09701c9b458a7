// One writer per project across the tabs of this browser, with the Web Locks API: the tab holding
// the lock `transfer-lab-project:<id>` is the only one that saves that project; the others show
// it read-only. Locks are released by the browser when a tab closes or crashes, so a project is
// never left locked by a tab that is gone.

export interface WriterLease {
  /** Resolves when another tab took the lock over (steal): this tab must stop writing at once. */
  readonly lost: Promise<void>;
  /** Lets the lock go (another tab asked for it, or this tab opened another project). */
  release(): void;
}

/** How long a tab asking to edit waits for the current writer to save and let go before taking over. */
export const HANDOVER_WAIT_MS = 3_000;

const lockName = (projectId: string) => `transfer-lab-project:${projectId}`;

/** Whether this browser has Web Locks (every current one does, in a secure context). */
export function writerLocksAvailable(): boolean {
  return typeof navigator !== 'undefined' && 'locks' in navigator && navigator.locks !== undefined;
}

type Mode = { ifAvailable: true } | { steal: true } | { signal: AbortSignal };

function request(projectId: string, mode: Mode): Promise<WriterLease | null> {
  return new Promise((resolve, reject) => {
    let letGo: () => void = () => undefined;
    const held = new Promise<void>((r) => (letGo = r));
    let markLost: () => void = () => undefined;
    const lost = new Promise<void>((r) => (markLost = r));
    let granted = false;
    navigator.locks
      .request(lockName(projectId), mode, (lock) => {
        if (!lock) {
          resolve(null);
          return undefined;
        }
        granted = true;
        resolve({ lost, release: () => letGo() });
        return held;
      })
      .catch((error: unknown) => {
        // Rejected after it was granted: another tab stole it. Before: aborted while waiting.
        if (granted) markLost();
        else reject(error);
      });
  });
}

/** The lock if no other tab holds it, else null. */
export function tryLockProject(projectId: string): Promise<WriterLease | null> {
  return request(projectId, { ifAvailable: true });
}

/**
 * The lock for a tab that asked to edit: waits up to `waitMs` for the holder to save and release
 * it (see the handover message in project-channel.ts), then takes it over (a frozen tab cannot
 * hold a project forever).
 */
export async function takeOverProject(projectId: string, waitMs = HANDOVER_WAIT_MS): Promise<WriterLease> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), waitMs);
  try {
    const lease = await request(projectId, { signal: controller.signal });
    if (lease) return lease;
  } catch {
    // waited long enough
  } finally {
    clearTimeout(timer);
  }
  const stolen = await request(projectId, { steal: true });
  if (!stolen) throw new Error('the project could not be taken over');
  return stolen;
}
