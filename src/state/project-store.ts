// The dataset as the UI shows it: classes with labels and the ids of their images, in order.
// Originals live in IndexedDB (src/lib/project-db), thumbnails and names in src/lib/image-registry,
// embeddings in the worker.
import { create } from 'zustand';
import { classLabelProblem } from '../ml/class-labels';
import { newId } from './ids';

export interface ImageClass {
  id: string;
  label: string;
  imageIds: string[];
}

/** Where a removed image was, so undo can put it back in place. */
export interface RemovedImage {
  id: string;
  classId: string;
  index: number;
}

export interface RemovedClass {
  imageClass: ImageClass;
  index: number;
}

export interface ProjectState {
  classes: ImageClass[];
  addClass: (label?: string) => string;
  renameClass: (classId: string, label: string) => void;
  deleteClass: (classId: string) => string[];
  /** Takes a class out, remembering where it was; null when there is no such class. */
  removeClass: (classId: string) => RemovedClass | null;
  /** Puts a removed class back at its place (or at the end). */
  restoreClass: (removed: RemovedClass) => void;
  addImages: (classId: string, imageIds: string[]) => void;
  removeImage: (imageId: string) => void;
  removeImages: (imageIds: string[]) => RemovedImage[];
  restoreImages: (removed: RemovedImage[]) => void;
  /** Moves images (from any class) to the end of another class. */
  moveImages: (imageIds: string[], toClassId: string) => void;
  /** Replaces the whole dataset, e.g. when a saved project is opened. */
  load: (classes: ImageClass[]) => void;
  reset: () => void;
}

export function defaultClasses(): ImageClass[] {
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
  renameClass: (classId, label) => set((state) => ({ classes: state.classes.map((c) => (c.id === classId ? { ...c, label } : c)) })),
  deleteClass: (classId) => {
    const removed = get().classes.find((c) => c.id === classId)?.imageIds ?? [];
    set((state) => ({ classes: state.classes.filter((c) => c.id !== classId) }));
    return removed;
  },
  removeClass: (classId) => {
    const index = get().classes.findIndex((c) => c.id === classId);
    if (index < 0) return null;
    const imageClass = get().classes[index];
    set((state) => ({ classes: state.classes.filter((c) => c.id !== classId) }));
    return { imageClass, index };
  },
  restoreClass: ({ imageClass, index }) =>
    set((state) => {
      const classes = state.classes.filter((c) => c.id !== imageClass.id);
      classes.splice(Math.min(index, classes.length), 0, imageClass);
      return { classes };
    }),
  addImages: (classId, imageIds) =>
    set((state) => ({ classes: state.classes.map((c) => (c.id === classId ? { ...c, imageIds: [...c.imageIds, ...imageIds] } : c)) })),
  removeImage: (imageId) => {
    get().removeImages([imageId]);
  },
  removeImages: (imageIds) => {
    const doomed = new Set(imageIds);
    const removed: RemovedImage[] = [];
    for (const c of get().classes) c.imageIds.forEach((id, index) => doomed.has(id) && removed.push({ id, classId: c.id, index }));
    if (removed.length === 0) return removed;
    const touched = new Set(removed.map((r) => r.classId));
    set((state) => ({
      classes: state.classes.map((c) => (touched.has(c.id) ? { ...c, imageIds: c.imageIds.filter((id) => !doomed.has(id)) } : c)),
    }));
    return removed;
  },
  restoreImages: (removed) =>
    set((state) => {
      const byClass = new Map<string, RemovedImage[]>();
      for (const r of removed) byClass.set(r.classId, [...(byClass.get(r.classId) ?? []), r]);
      return {
        classes: state.classes.map((c) => {
          const back = byClass.get(c.id);
          if (!back) return c;
          const present = new Set(c.imageIds);
          const imageIds = [...c.imageIds];
          // Ascending original positions: each insert lands where the image was before the removal.
          for (const r of [...back].sort((a, b) => a.index - b.index))
            if (!present.has(r.id)) imageIds.splice(Math.min(r.index, imageIds.length), 0, r.id);
          return { ...c, imageIds };
        }),
      };
    }),
  moveImages: (imageIds, toClassId) => {
    if (!get().classes.some((c) => c.id === toClassId)) return;
    const moving = new Set(imageIds);
    const ordered: string[] = [];
    for (const c of get().classes) if (c.id !== toClassId) for (const id of c.imageIds) if (moving.has(id)) ordered.push(id);
    if (ordered.length === 0) return;
    const moved = new Set(ordered);
    set((state) => ({
      classes: state.classes.map((c) =>
        c.id === toClassId
          ? { ...c, imageIds: [...c.imageIds, ...ordered] }
          : c.imageIds.some((id) => moved.has(id))
            ? { ...c, imageIds: c.imageIds.filter((id) => !moved.has(id)) }
            : c,
      ),
    }));
  },
  load: (classes) => set({ classes }),
  reset: () => set({ classes: defaultClasses() }),
}));

/** Why a class name cannot be used, or null when it can (the app's one rule set: ml/class-labels.ts). */
export function validateClassLabel(classes: ImageClass[], classId: string, label: string): string | null {
  return classLabelProblem(
    label,
    classes.filter((c) => c.id !== classId).map((c) => c.label),
  );
}

/** A class the app created and nobody has used: named "Class N" and empty. */
export function isUntouchedDefaultClass(imageClass: ImageClass): boolean {
  return imageClass.imageIds.length === 0 && /^Class \d+$/.test(imageClass.label);
}

export const selectTotalImages = (state: ProjectState): number => state.classes.reduce((sum, c) => sum + c.imageIds.length, 0);
export const selectLabels = (state: ProjectState): string[] => state.classes.map((c) => c.label);
