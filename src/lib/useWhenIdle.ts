import { useEffect, useState } from 'react';

/**
 * False until the page has had an idle moment (or `timeoutMs` has passed), then true. For work
 * that is worth doing early but not while the page is busy loading or answering the user.
 * Browsers without requestIdleCallback (Safari before 18.4) wait for a plain timeout instead.
 */
export function useWhenIdle(timeoutMs = 3000): boolean {
  const [idle, setIdle] = useState(false);
  useEffect(() => {
    if (idle) return;
    if (typeof requestIdleCallback === 'function') {
      const handle = requestIdleCallback(() => setIdle(true), { timeout: timeoutMs });
      return () => cancelIdleCallback(handle);
    }
    const timer = setTimeout(() => setIdle(true), Math.min(timeoutMs, 500));
    return () => clearTimeout(timer);
  }, [idle, timeoutMs]);
  return idle;
}
