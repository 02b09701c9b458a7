import { useEffect, useRef } from 'react';

/** Calls `onImage` with an image pasted anywhere on the page (not into a text field). */
export function usePastedImage(onImage: (file: File) => void) {
  const handler = useRef(onImage);
  useEffect(() => {
    handler.current = onImage;
  });
  useEffect(() => {
    const onPaste = (event: ClipboardEvent) => {
      const target = event.target as HTMLElement | null;
      if (target && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.isContentEditable)) return;
      const file = Array.from(event.clipboardData?.files ?? []).find((f) => f.type.startsWith('image/'));
      if (!file) return;
      event.preventDefault();
      handler.current(file);
    };
    window.addEventListener('paste', onPaste);
    return () => window.removeEventListener('paste', onPaste);
  }, []);
}
