// The dataset studio's test hook (window.transferLabStudio, installed by test-hooks.ts in test
// builds only) for the Playwright specs and the scale bench: the stored state of the open project
// (what a reload would bring back) and a way to wait for the autosave.
import { getImage, registeredImageCount } from '../lib/image-registry';
import { listProjects, loadProjectRecords, readEmbeddingSets } from '../lib/project-db';
import type { RunRecord } from '../lib/project-schema';
import { useProjectStore } from '../state/project-store';
import { useWorkspaceStore } from '../state/workspace-store';
import { currentProjectId, flushEmbeddings, flushProject } from './project-persistence';

export interface StoredProjectView {
  projectId: string;
  name: string;
  classes: { label: string; imageIds: string[] }[];
  imageCount: number;
  runs: RunRecord[];
  embeddings: { trunkId: string; count: number }[];
}

export interface StudioAutomation {
  /** Waits until everything shown is written to IndexedDB. */
  flush(): Promise<void>;
  /** The open project as stored in IndexedDB. */
  stored(): Promise<StoredProjectView | null>;
  /** The open project as shown: labels with each image's name and content hash, in order. */
  shown(): {
    projectId: string | null;
    classes: { label: string; images: { id: string; name: string; sha256: string; width: number; height: number }[] }[];
    registered: number;
  };
  ingestActive(): boolean;
  /** Every project in IndexedDB (not only the one open). */
  storedProjects(): Promise<{ id: string; name: string; imageCount: number }[]>;
}

export function createStudioAutomation(): StudioAutomation {
  return {
    flush: async () => {
      await flushProject();
      await flushEmbeddings();
    },
    stored: async () => {
      const id = currentProjectId();
      if (!id) return null;
      const loaded = await loadProjectRecords(id);
      if (!loaded) return null;
      const embeddings = await readEmbeddingSets(id);
      return {
        projectId: id,
        name: loaded.summary.name,
        classes: (loaded.document?.classes ?? []).map((c) => ({ label: c.label, imageIds: c.imageIds })),
        imageCount: loaded.images.length,
        runs: Array.isArray(loaded.runs) ? (loaded.runs as RunRecord[]) : [],
        embeddings: embeddings.map((s) => ({ trunkId: s.trunkId, count: s.imageIds.length })),
      };
    },
    shown: () => ({
      projectId: useWorkspaceStore.getState().currentId,
      classes: useProjectStore.getState().classes.map((c) => ({
        label: c.label,
        images: c.imageIds.map((id) => {
          const image = getImage(id);
          return { id, name: image?.name ?? '', sha256: image?.sha256 ?? '', width: image?.width ?? 0, height: image?.height ?? 0 };
        }),
      })),
      registered: registeredImageCount(),
    }),
    ingestActive: () => useWorkspaceStore.getState().ingest !== null,
    storedProjects: async () => (await listProjects()).map(({ id, name, imageCount }) => ({ id, name, imageCount })),
  };
}
