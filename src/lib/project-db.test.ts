// Storage versions: a project stored by the first release (database 1, document schema 1) opens
// with today's code, step by step; documents this version cannot read are never rewritten; tabs
// of other versions are reported (blocked / versionchange) instead of hanging.
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { openDB } from 'idb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openV1, V1_SETTINGS, writeV1Projects } from './project-db-v1.fixture';

/** The first release's settings as read today: the switches it did not have open at today's defaults. */
const SETTINGS_NOW = { ...V1_SETTINGS, mirrorViews: false, finalFit: true };
import {
  closeProjectDb,
  deleteImageRecords,
  keepUnreadableDocument,
  listenToProjectDb,
  listProjects,
  loadProjectRecords,
  PROJECT_DB_VERSION,
  putImageRecords,
  putSourceTrunk,
  readSourceTrunk,
  readSourceTrunks,
  readKeptDocument,
  readOriginal,
  ReadOnlyProjectError,
  saveProjectDocument,
  setProjectReadOnly,
} from './project-db';
import { DOCUMENT_SCHEMA_VERSION, NewerDocumentError, readProjectDocument } from './project-schema';

beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
});

afterEach(async () => {
  await closeProjectDb();
});

const ants = { id: 'class-a', label: 'ants', imageIds: ['img-1', 'img-2'] };
const bees = { id: 'class-b', label: 'bees', imageIds: ['img-3'] };
const images = ['img-1', 'img-2', 'img-3'].map((id) => ({ id, name: `${id}.png` }));

describe('a project stored by the first release', () => {
  it('opens with today’s code: classes, settings, images and originals as they were', async () => {
    await writeV1Projects([{ id: 'p1', name: 'Insects', classes: [ants, bees], images }]);

    const projects = await listProjects();
    expect(projects.map((p) => p.name)).toEqual(['Insects']);
    const loaded = await loadProjectRecords('p1');
    expect(loaded?.images.map((i) => i.id).sort()).toEqual(['img-1', 'img-2', 'img-3']);
    // The upgrade moved the document to schema 2 in place; reading it gives the same classes.
    expect(loaded?.document?.schemaVersion).toBe(DOCUMENT_SCHEMA_VERSION);
    const document = readProjectDocument(loaded?.document);
    expect(document.classes).toEqual([ants, bees]);
    expect(document.settings).toEqual(SETTINGS_NOW);
    expect(document.deletedImageIds).toEqual([]);
    expect(await readOriginal('img-1')).toBeDefined();
  });

  it('keeps a class list it cannot read exactly as it was, and a copy stays after a save', async () => {
    const unreadable = [
      { id: 'c1', label: 'a', imageIds: ['img-1'] },
      { id: 'c2', label: 'a', imageIds: ['img-2'] },
    ];
    await writeV1Projects([{ id: 'p1', name: 'Twins', classes: unreadable, images: images.slice(0, 2) }]);

    const loaded = await loadProjectRecords('p1');
    expect(() => readProjectDocument(loaded?.document)).toThrow(/two classes called "a"/);
    expect(loaded?.document?.classes).toEqual(unreadable);
    await keepUnreadableDocument('p1', loaded?.document, 'two classes called "a"');
    // The first kept copy is never replaced by a later (already repaired) one.
    await keepUnreadableDocument('p1', { later: true }, 'again');
    const summary = (await listProjects())[0];
    await saveProjectDocument(summary, {
      id: 'p1',
      schemaVersion: DOCUMENT_SCHEMA_VERSION,
      classes: [{ id: 'r', label: 'Recovered images', imageIds: ['img-1', 'img-2'] }],
      settings: SETTINGS_NOW,
      deletedImageIds: [],
    });
    const kept = await readKeptDocument('p1');
    expect((kept?.document as { classes: unknown }).classes).toEqual(unreadable);
    expect(kept?.reason).toBe('two classes called "a"');
  });

  it('a document of a newer schema is refused by name, not read wrongly', () => {
    expect(() => readProjectDocument({ id: 'p', schemaVersion: DOCUMENT_SCHEMA_VERSION + 1, classes: [], settings: V1_SETTINGS })).toThrow(
      NewerDocumentError,
    );
  });
});

describe('a database of version 2 (before your own source models)', () => {
  it('gains the source-model store and keeps every project, image and original it held', async () => {
    await writeV1Projects([{ id: 'p1', name: 'Insects', classes: [ants, bees], images }]);
    // What version 2 added (keptDocuments), as its upgrade made it; then today's code opens it.
    const v2 = await openDB('transfer-lab', 2, {
      upgrade(database) {
        database.createObjectStore('keptDocuments', { keyPath: 'projectId' });
      },
    });
    v2.close();
    expect(PROJECT_DB_VERSION).toBe(3);
    expect((await listProjects()).map((p) => p.name)).toEqual(['Insects']);
    const loaded = await loadProjectRecords('p1');
    expect(loaded?.images.map((i) => i.id).sort()).toEqual(['img-1', 'img-2', 'img-3']);
    expect(await readOriginal('img-2')).toBeDefined();
    expect(await readSourceTrunks()).toEqual([]);
    const record = {
      id: 'own:1',
      name: 'My model',
      sourceName: 'Ten shapes',
      classes: ['circle', 'square'],
      imageSize: 32,
      embeddingSize: 32,
      trainCount: 10,
      valCount: 2,
      epochs: 3,
      validationAccuracy: 0.5,
      trainMs: 100,
      createdAt: 1,
      modelTopology: { class_name: 'Model' },
      weightSpecs: [{ name: 'w', shape: [1], dtype: 'float32' as const }],
      weightData: new Float32Array([0.25]).buffer,
    };
    await putSourceTrunk(record);
    const back = (await readSourceTrunk('own:1')) as typeof record;
    expect(back.name).toBe('My model');
    expect(Array.from(new Float32Array(back.weightData))).toEqual([0.25]);
    expect((await readSourceTrunks()).length).toBe(1);
  });
});

describe('tabs of other versions', () => {
  it('says when an older tab blocks the upgrade, and goes on once it closes', async () => {
    await writeV1Projects([{ id: 'p1', name: 'Insects', classes: [ants], images: images.slice(0, 2) }]);
    // A tab of the first release still has the database open (it had no versionchange handler).
    const oldTab = await openV1();
    let blocked = 0;
    listenToProjectDb({ blocked: () => blocked++, versionChanged: () => undefined, terminated: () => undefined });
    const listing = listProjects();
    await expect.poll(() => blocked).toBe(1);
    oldTab.close();
    expect((await listing).map((p) => p.id)).toEqual(['p1']);
  });

  it('lets a newer version in: closes its connection, says so and writes nothing more', async () => {
    let versionChanged = 0;
    listenToProjectDb({ blocked: () => undefined, versionChanged: () => versionChanged++, terminated: () => undefined });
    await writeV1Projects([{ id: 'p1', name: 'Insects', classes: [ants], images: images.slice(0, 2) }]);
    const summary = (await listProjects())[0];
    const newer = await openDB('transfer-lab', PROJECT_DB_VERSION + 1, {
      blocked: () => expect.unreachable('the open tab did not let go'),
    });
    expect(versionChanged).toBe(1);
    newer.close();
    await expect(
      saveProjectDocument(summary, {
        id: 'p1',
        schemaVersion: DOCUMENT_SCHEMA_VERSION,
        classes: [],
        settings: SETTINGS_NOW,
        deletedImageIds: [],
      }),
    ).rejects.toThrow(/updated in another tab/);
  });
});

describe('a project shown read-only', () => {
  it('refuses every write, and deletes nothing', async () => {
    await writeV1Projects([{ id: 'p1', name: 'Insects', classes: [ants], images: images.slice(0, 2) }]);
    const summary = (await listProjects())[0];
    setProjectReadOnly('p1', true);
    try {
      await expect(
        saveProjectDocument(summary, {
          id: 'p1',
          schemaVersion: DOCUMENT_SCHEMA_VERSION,
          classes: [],
          settings: SETTINGS_NOW,
          deletedImageIds: [],
        }),
      ).rejects.toBeInstanceOf(ReadOnlyProjectError);
      await expect(deleteImageRecords(['img-1'])).rejects.toBeInstanceOf(ReadOnlyProjectError);
      const image = {
        id: 'img-9',
        projectId: 'p1',
        name: 'x.png',
        type: 'image/png',
        sha256: 'b'.repeat(64),
        width: 1,
        height: 1,
        byteSize: 1,
      };
      await expect(putImageRecords([{ image, original: new Blob([]), thumbnail: new Blob([]) }])).rejects.toBeInstanceOf(
        ReadOnlyProjectError,
      );
      expect((await loadProjectRecords('p1'))?.images.map((i) => i.id).sort()).toEqual(['img-1', 'img-2']);
      expect(readProjectDocument((await loadProjectRecords('p1'))?.document).classes).toEqual([ants]);
    } finally {
      setProjectReadOnly('p1', false);
    }
  });
});
