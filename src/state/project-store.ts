// The dataset as the UI shows it: classes with labels and the ids of their images. Blobs live in
// src/lib/image-registry, embeddings in the worker.
import { create } from 'zustand';
import { newId } from './ids';

export interface ImageClass {
  id: string;
  label: string;
  imageIds: string[];
}

export interface ProjectState {
  classes: ImageClass[];
  addClass: (label?: string) => string;
  renameClass: (classId: string, label: string) => void;
  deleteClass: (classId: string) => string[];
  addImages: (classId: string, imageIds: string[]) => void;
  removeImage: (imageId: string) => void;
  reset: () => void;
}

function defaultClasses(): ImageClass[] {
  return [
    { id: newId('class'), label: 'Class 1', imageIds: [] },
    { id: newId('class'), label: 'Class 2', imageIds: [] },
  ];
}

function nextDefaultLabel(classes: ImageClass[]): string {
  const taken = new Set(classes.map((c) => c.label));
  let n = classes.length + 1;
  while (taken.has(`Class ${n}`)) n++;
  return `Class ${n}`;
}

export const useProjectStore = create<ProjectState>()((set, get) => ({
  classes: defaultClasses(),
  addClass: (label) => {
    const id = newId('class');
    set((state) => ({ classes: [...state.classes, { id, label: label ?? nextDefaultLabel(state.classes), imageIds: [] }] }));
    return id;
  },
  renameClass: (classId, label) =>
    set((state) => ({ classes: state.classes.map((c) => (c.id === classId ? { ...c, label } : c)) })),
  deleteClass: (classId) => {
    const removed = get().classes.find((c) => c.id === classId)?.imageIds ?? [];
    set((state) => ({ classes: state.classes.filter((c) => c.id !== classId) }));
    return removed;
  },
  addImages: (classId, imageIds) =>
    set((state) => ({ classes: state.classes.map((c) => (c.id === classId ? { ...c, imageIds: [...c.imageIds, ...imageIds] } : c)) })),
  removeImage: (imageId) =>
    set((state) => ({ classes: state.classes.map((c) => ({ ...c, imageIds: c.imageIds.filter((id) => id !== imageId) })) })),
  reset: () => set({ classes: defaultClasses() }),
}));

/** Why a class name cannot be used, or null when it can. */
export function validateClassLabel(classes: ImageClass[], classId: string, label: string): string | null {
  const trimmed = label.trim();
  if (trimmed.length === 0) return 'A class needs a name.';
  if (classes.some((c) => c.id !== classId && c.label.trim() === trimmed)) return `Another class is already called "${trimmed}".`;
  return null;
}

export const selectTotalImages = (state: ProjectState): number => state.classes.reduce((sum, c) => sum + c.imageIds.length, 0);
export const selectLabels = (state: ProjectState): string[] => state.classes.map((c) => c.label);
