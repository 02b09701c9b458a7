import { useEffect } from 'react';
import { addFilesToClass } from '../../app/dataset-actions';
import { namePastedFiles } from '../../app/dataset-import';
import { useProjectStore } from '../../state/project-store';
import { useWorkspaceStore } from '../../state/workspace-store';
import { isTryItPaste } from './usePastedImage';

/**
 * Ctrl/Cmd+V of an image (a screenshot, a copied photo) adds it to a class: the class card the
 * focus is in, else the class last clicked, else the first class. Text pastes are left alone, and
 * so are pastes into Try-it's zone (those are classified, not added).
 */
export function usePasteImages(): void {
  useEffect(() => {
    const onPaste = (event: ClipboardEvent) => {
      if (event.defaultPrevented || isTryItPaste(event)) return;
      const files = Array.from(event.clipboardData?.files ?? []).filter((f) => f.type.startsWith('image/') || f.type === '');
      if (files.length === 0 || useWorkspaceStore.getState().status !== 'ready') return;
      const target = event.target instanceof Element ? event.target.closest<HTMLElement>('[data-class-id]') : null;
      const classes = useProjectStore.getState().classes;
      const activeId = useWorkspaceStore.getState().activeClassId;
      const classId = target?.dataset.classId ?? classes.find((c) => c.id === activeId)?.id ?? classes[0]?.id;
      if (!classId) return;
      event.preventDefault();
      void addFilesToClass(classId, namePastedFiles(files));
    };
    document.addEventListener('paste', onPaste);
    return () => document.removeEventListener('paste', onPaste);
  }, []);
}
