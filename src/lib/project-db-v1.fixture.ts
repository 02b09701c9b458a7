// The storage exactly as the first release (database version 1, document schema 1) wrote it:
// its upgrade function and its writes, copied from src/lib/project-db.ts and
// src/app/project-persistence.ts as they were at commit b81c7f6. Tests open what this writes
// with today's code.
import { openDB } from 'idb';

export const V1_SETTINGS = {
  epochs: 50,
  batchSize: 16,
  learningRate: 0.001,
  hiddenUnits: 100,
  seed: 42,
  valFraction: 0.15,
  testFraction: 0.15,
};

export interface V1Project {
  id: string;
  name: string;
  /** What the first release stored as `documents[id].classes` (any value: unreadable ones too). */
  classes: unknown;
  images: { id: string; name: string }[];
}

/** Opens the database at version 1 with the first release's upgrade; the caller closes it. */
export function openV1(name = 'transfer-lab') {
  return openDB(name, 1, {
    upgrade(database) {
      database.createObjectStore('projects', { keyPath: 'id' });
      database.createObjectStore('documents', { keyPath: 'id' });
      database.createObjectStore('runs', { keyPath: 'projectId' });
      database.createObjectStore('images', { keyPath: 'id' }).createIndex('byProject', 'projectId');
      database.createObjectStore('originals');
      database.createObjectStore('thumbnails');
      const embeddings = database.createObjectStore('embeddings', { keyPath: 'key' });
      embeddings.createIndex('byProject', 'projectId');
      embeddings.createIndex('byImage', 'imageId');
      database.createObjectStore('meta');
    },
  });
}

/** Writes projects the way the first release's autosave and image ingest did. */
export async function writeV1Projects(projects: V1Project[]): Promise<void> {
  const database = await openV1();
  for (const project of projects) {
    const now = Date.now();
    const listed = Array.isArray(project.classes) ? (project.classes as { imageIds?: unknown[] }[]) : [];
    const summary = {
      id: project.id,
      name: project.name,
      createdAt: now,
      updatedAt: now,
      classCount: listed.length,
      imageCount: listed.reduce((n, c) => n + (c.imageIds?.length ?? 0), 0),
    };
    const tx = database.transaction(['projects', 'documents', 'runs', 'images', 'originals', 'thumbnails', 'meta'], 'readwrite');
    await Promise.all([
      tx.objectStore('projects').put(summary),
      tx.objectStore('documents').put({ id: project.id, schemaVersion: 1, classes: project.classes, settings: V1_SETTINGS }),
      tx.objectStore('runs').put({ projectId: project.id, runs: [] }),
      ...project.images.flatMap((image) => [
        tx.objectStore('images').put({
          id: image.id,
          projectId: project.id,
          name: image.name,
          type: 'image/png',
          sha256: 'a'.repeat(64),
          width: 4,
          height: 4,
          byteSize: 3,
        }),
        tx.objectStore('originals').put(new Blob([new Uint8Array([1, 2, 3])], { type: 'image/png' }), image.id),
        tx.objectStore('thumbnails').put(new Blob([new Uint8Array([4])], { type: 'image/webp' }), image.id),
      ]),
      tx.objectStore('meta').put(project.id, 'currentProjectId'),
      tx.done,
    ]);
  }
  database.close();
}
