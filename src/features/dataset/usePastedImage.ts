import { useEffect, useRef } from 'react';

/** Marks the element whose pastes Try-it takes; every other paste adds images to a class. */
export const TRY_IT_PASTE_ZONE = 'try-it';

/** True when a paste was aimed at the Try-it zone (the focus is in it). */
export function isTryItPaste(event: ClipboardEvent): boolean {
  return event.target instanceof Element && event.target.closest(`[data-paste-zone="${TRY_IT_PASTE_ZONE}"]`) !== null;
}

/** Calls `onImage` with an image pasted while the focus is in the Try-it zone. */
export function usePastedImage(onImage: (file: File) => void) {
  const handler = useRef(onImage);
  useEffect(() => {
    handler.current = onImage;
  });
  useEffect(() => {
    const onPaste = (event: ClipboardEvent) => {
      if (!isTryItPaste(event)) return;
      const file = Array.from(event.clipboardData?.files ?? []).find((f) => f.type.startsWith('image/'));
      if (!file) return;
      event.preventDefault();
      handler.current(file);
    };
    window.addEventListener('paste', onPaste);
    return () => window.removeEventListener('paste', onPaste);
  }, []);
}
