import { useEffect, useState, type RefObject } from 'react';

/**
 * True while the element is within `margin` of the viewport. Class cards far off screen skip
 * rendering their thumbnails, so twenty classes of hundreds of images cost the page only the
 * few cards in view; charts below the fold are drawn when scrolled near, not in the task that
 * delivered their data.
 */
export function useNearViewport(ref: RefObject<Element | null>, margin = '800px'): boolean {
  const [near, setNear] = useState(false);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    if (typeof IntersectionObserver === 'undefined') {
      setNear(true);
      return;
    }
    const observer = new IntersectionObserver(([entry]) => setNear(entry.isIntersecting), { rootMargin: margin });
    observer.observe(element);
    return () => observer.disconnect();
  }, [ref, margin]);
  return near;
}
