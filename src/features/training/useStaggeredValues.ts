import { useEffect, useRef, useState } from 'react';

/**
 * `count` copies of `value` for `count` views that redraw in turn: every `intervalMs` the next
 * view that is behind gets the latest value, so no two redraw in the same main-thread task and
 * each redraws at most once per `count` intervals. The latest value always reaches every view.
 *
 * Why: during training an epoch ends every 20-50 ms, and one recharts chart takes tens of
 * milliseconds to redraw on a weak laptop; redrawing both learning curves at every epoch kept
 * the page busy in long tasks and took CPU from the worker that trains.
 */
export function useStaggeredValues<T>(value: T, count: number, intervalMs: number): T[] {
  const [shown, setShown] = useState<T[]>(() => Array.from({ length: count }, () => value));
  const turn = useRef(0);
  const lastAt = useRef(-Infinity);
  useEffect(() => {
    if (shown.every((v) => v === value)) return;
    const wait = Math.max(0, lastAt.current + intervalMs - performance.now());
    const timer = setTimeout(() => {
      lastAt.current = performance.now();
      setShown((previous) => {
        const offsets = Array.from({ length: count }, (_, k) => (turn.current + k) % count);
        const behind = offsets.find((i) => previous[i] !== value);
        if (behind === undefined) return previous;
        turn.current = (behind + 1) % count;
        return previous.map((v, i) => (i === behind ? value : v));
      });
    }, wait);
    return () => clearTimeout(timer);
  }, [value, shown, count, intervalMs]);
  return shown;
}
