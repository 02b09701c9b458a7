import { useEffect } from 'react';
import { captureDrop, hasFiles, type DroppedFiles } from '../../lib/dropped-items';

/**
 * Files dropped anywhere on the page outside a drop zone: the browser would otherwise open the
 * file in place of the app. They are handed to `onDrop` (zones that handled a drop mark it done).
 */
export function usePageDrop(onDrop: (read: () => Promise<DroppedFiles>) => void, enabled: boolean): void {
  useEffect(() => {
    const onDragOver = (event: DragEvent) => {
      if (!hasFiles(event.dataTransfer)) return;
      event.preventDefault();
      if (event.dataTransfer) event.dataTransfer.dropEffect = enabled ? 'copy' : 'none';
    };
    const onDropEvent = (event: DragEvent) => {
      if (!hasFiles(event.dataTransfer) || event.defaultPrevented) return;
      event.preventDefault();
      if (enabled && event.dataTransfer) onDrop(captureDrop(event.dataTransfer));
    };
    document.addEventListener('dragover', onDragOver);
    document.addEventListener('drop', onDropEvent);
    return () => {
      document.removeEventListener('dragover', onDragOver);
      document.removeEventListener('drop', onDropEvent);
    };
  }, [onDrop, enabled]);
}
