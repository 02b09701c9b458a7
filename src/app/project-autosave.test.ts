// The autosave as one unit, against a real (in-memory) IndexedDB: its states, what it writes and
// when, what it never does (delete a photo, write in a read-only tab), and how it recovers.
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  closeProjectDb,
  loadProjectRecords,
  putImageRecords,
  setProjectReadOnly,
  type ProjectDocument,
  type ProjectSummary,
} from '../lib/project-db';
import { DOCUMENT_SCHEMA_VERSION, type RunRecord } from '../lib/project-schema';
import { DEFAULT_TRAINING_SETTINGS } from '../state/training-store';
import { ProjectAutosave, type AutosaveState } from './project-autosave';

const summary: ProjectSummary = { id: 'p1', name: 'Insects', createdAt: 1, updatedAt: 1, classCount: 0, imageCount: 0 };

/** What the "screen" shows; tests change it and mark the autosave dirty, as the stores do. */
function screen() {
  const view = {
    classes: [{ id: 'c1', label: 'ants', imageIds: [] as string[] }],
    epochs: 50,
    runs: [] as RunRecord[],
    /** Set to make the next document impossible to store (IndexedDB cannot clone a function). */
    broken: false,
  };
  const source = {
    document: (id: string): ProjectDocument => ({
      id,
      schemaVersion: DOCUMENT_SCHEMA_VERSION,
      classes: view.classes.map((c) => ({ ...c, imageIds: [...c.imageIds] })),
      settings: { ...DEFAULT_TRAINING_SETTINGS, epochs: view.epochs, ...(view.broken ? { seed: (() => 1) as unknown as number } : {}) },
      deletedImageIds: [],
    }),
    runs: () => view.runs,
  };
  return { view, source };
}

function recorder() {
  const states: AutosaveState[] = [];
  const messages: (string | null)[] = [];
  let saves = 0;
  return {
    states,
    messages,
    saves: () => saves,
    listener: {
      state: (state: AutosaveState, message: string | null) => {
        states.push(state);
        messages.push(message);
      },
      saved: () => void saves++,
    },
  };
}

async function storedDocument() {
  return (await loadProjectRecords('p1'))?.document;
}

beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
});

afterEach(async () => {
  setProjectReadOnly('p1', false);
  await closeProjectDb();
});

describe('ProjectAutosave', () => {
  it('goes idle → dirty → saving → idle, and storage then matches the screen', async () => {
    const { view, source } = screen();
    const log = recorder();
    const autosave = new ProjectAutosave(summary, source, log.listener, { readOnly: false });
    expect(autosave.state).toBe('idle');
    view.classes[0].imageIds.push('img-1');
    expect(autosave.markDirty('document')).toBe(true);
    expect(autosave.state).toBe('dirty');
    const flushing = autosave.flush();
    await expect.poll(() => autosave.state).toBe('saving');
    await flushing;
    expect(autosave.state).toBe('idle');
    expect(log.states).toEqual(['dirty', 'saving', 'idle']);
    expect((await storedDocument())?.classes).toEqual([{ id: 'c1', label: 'ants', imageIds: ['img-1'] }]);
    expect((await loadProjectRecords('p1'))?.summary.imageCount).toBe(1);
  });

  it('saves on its own after the delay, once for many quick changes', async () => {
    const { view, source } = screen();
    const log = recorder();
    const autosave = new ProjectAutosave(summary, source, log.listener, { readOnly: false, delayMs: 5 });
    for (const epochs of [10, 11, 12]) {
      view.epochs = epochs;
      autosave.markDirty('document');
    }
    await expect.poll(() => autosave.state).toBe('idle');
    expect(log.saves()).toBe(1);
    expect((await storedDocument())?.settings.epochs).toBe(12);
  });

  it('a change made while saving is saved right after', async () => {
    const { view, source } = screen();
    const autosave = new ProjectAutosave(summary, source, recorder().listener, { readOnly: false, delayMs: 5 });
    autosave.markDirty('document');
    const first = autosave.flush();
    view.epochs = 77;
    autosave.markDirty('document');
    await first;
    await expect.poll(() => autosave.state).toBe('idle');
    expect((await storedDocument())?.settings.epochs).toBe(77);
  });

  it('never deletes a stored photo, whatever list it saves', async () => {
    const image = {
      id: 'img-1',
      projectId: 'p1',
      name: 'a.png',
      type: 'image/png',
      sha256: 'a'.repeat(64),
      width: 1,
      height: 1,
      byteSize: 1,
    };
    await putImageRecords([{ image, original: new Blob([new Uint8Array([1])]), thumbnail: new Blob([]) }]);
    const { source } = screen(); // a stale list that does not mention img-1
    const autosave = new ProjectAutosave(summary, source, recorder().listener, { readOnly: false });
    autosave.markDirty('document');
    await autosave.flush();
    expect((await loadProjectRecords('p1'))?.images.map((i) => i.id)).toEqual(['img-1']);
  });

  it('read-only: ignores changes and writes nothing', async () => {
    const { source } = screen();
    const log = recorder();
    const autosave = new ProjectAutosave(summary, source, log.listener, { readOnly: true, readOnlyMessage: 'open in another tab' });
    expect(autosave.state).toBe('read-only');
    expect(autosave.markDirty('document')).toBe(false);
    expect(autosave.markDirty('runs')).toBe(false);
    await autosave.flush();
    expect(await loadProjectRecords('p1')).toBeNull();
    expect(log.saves()).toBe(0);
  });

  it('failed: keeps the changes and saves them on the next try', async () => {
    const { view, source } = screen();
    const log = recorder();
    const autosave = new ProjectAutosave(summary, source, log.listener, { readOnly: false });
    view.broken = true;
    autosave.markDirty('document');
    await autosave.flush();
    expect(autosave.state).toBe('failed');
    expect(log.messages.at(-1)).toMatch(/^Saving failed: /);
    expect(await loadProjectRecords('p1')).toBeNull();

    view.broken = false;
    view.epochs = 5;
    await autosave.flush();
    expect(autosave.state).toBe('idle');
    expect((await storedDocument())?.settings.epochs).toBe(5);
  });

  it('handing over: writes what is pending, then nothing more', async () => {
    const { view, source } = screen();
    const autosave = new ProjectAutosave(summary, source, recorder().listener, { readOnly: false });
    view.epochs = 20;
    autosave.markDirty('document');
    await autosave.setReadOnly(true, 'open in another tab');
    expect(autosave.state).toBe('read-only');
    expect((await storedDocument())?.settings.epochs).toBe(20);
    view.epochs = 21;
    autosave.markDirty('document');
    await autosave.flush();
    expect((await storedDocument())?.settings.epochs).toBe(20);
    // Taking the project back: saving resumes.
    await autosave.setReadOnly(false);
    autosave.markDirty('document');
    await autosave.flush();
    expect((await storedDocument())?.settings.epochs).toBe(21);
  });

  it('a lock lost mid-way (storage refuses the write): becomes read-only and stops trying', async () => {
    const { source } = screen();
    const log = recorder();
    const autosave = new ProjectAutosave(summary, source, log.listener, { readOnly: false });
    setProjectReadOnly('p1', true);
    autosave.markDirty('document');
    await autosave.flush();
    expect(autosave.state).toBe('read-only');
    expect(log.messages.at(-1)).toMatch(/another tab/);
    expect(await loadProjectRecords('p1')).toBeNull();
  });

  it('stop: drops what is pending without writing it', async () => {
    const { source } = screen();
    const autosave = new ProjectAutosave(summary, source, recorder().listener, { readOnly: false, delayMs: 1 });
    autosave.markDirty('runs');
    autosave.stop('taken over');
    await new Promise((resolve) => setTimeout(resolve, 20));
    await autosave.flush();
    expect(await loadProjectRecords('p1')).toBeNull();
  });
});
