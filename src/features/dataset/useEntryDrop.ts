import { useState, type DragEvent } from 'react';
import { captureDrop, hasFiles, type DroppedFiles } from '../../lib/dropped-items';

/**
 * Drag-and-drop for a zone that takes files and folders. The drop's entries are captured during
 * the event (the browser forbids reading them later); `onDrop` receives a function that walks
 * them. The event stops here, so a class card's drop never also reaches the classes area.
 */
export function useEntryDrop(onDrop: (read: () => Promise<DroppedFiles>) => void, enabled = true) {
  const [dragging, setDragging] = useState(false);
  return {
    dragging,
    handlers: {
      onDragOver: (event: DragEvent) => {
        if (!enabled || !hasFiles(event.dataTransfer)) return;
        event.preventDefault();
        event.stopPropagation();
        event.dataTransfer.dropEffect = 'copy';
        setDragging(true);
      },
      onDragLeave: (event: DragEvent) => {
        if (event.currentTarget.contains(event.relatedTarget as Node | null)) return;
        setDragging(false);
      },
      onDrop: (event: DragEvent) => {
        if (!enabled || !hasFiles(event.dataTransfer)) return;
        event.preventDefault();
        event.stopPropagation();
        setDragging(false);
        onDrop(captureDrop(event.dataTransfer));
      },
    },
  };
}
