import { beforeEach, describe, expect, it } from 'vitest';
import { datasetKeyOf, selectRankingBusy, useTrunkRankingStore } from './trunk-ranking-store';

const score = { trunkId: 'a', accuracy: 0.75, msPerPhoto: 40, timedPhotos: 12, photos: 12 };

describe('trunk ranking store', () => {
  beforeEach(() => useTrunkRankingStore.setState(useTrunkRankingStore.getInitialState(), true));

  it('keeps the estimates of the run it started, and ignores another run', () => {
    const store = useTrunkRankingStore.getState();
    store.start('r1', ['a', 'b'], 'key', []);
    expect(selectRankingBusy(useTrunkRankingStore.getState())).toBe(true);
    store.setProgress('r1', { trunkIndex: 0, trunkId: 'a', stage: 'embedding', done: 4, total: 12 });
    store.finish('old-run', [score]);
    expect(useTrunkRankingStore.getState().scores).toEqual([]);
    store.finish('r1', [score]);
    expect(useTrunkRankingStore.getState()).toMatchObject({ status: 'done', scores: [score], progress: null, datasetKey: 'key' });
  });

  it('shows nothing half-done once stopped or failed', () => {
    const store = useTrunkRankingStore.getState();
    store.start('r1', ['a'], 'key', []);
    store.setProgress('r1', { trunkIndex: 0, trunkId: 'a', stage: 'scoring', fold: 1, folds: 3 });
    store.requestStop('r1');
    expect(useTrunkRankingStore.getState().status).toBe('stopping');
    store.markStopped('r1');
    expect(useTrunkRankingStore.getState()).toMatchObject({ status: 'stopped', scores: [], progress: null, datasetKey: null });
    store.start('r2', ['a'], 'key', []);
    store.fail('r2', 'the engine stopped');
    expect(useTrunkRankingStore.getState()).toMatchObject({ status: 'error', message: 'the engine stopped', scores: [] });
  });

  it('gives a different dataset key once a photo or a class changes, and the same one for a rename', () => {
    const classes = [
      { id: 'c1', label: 'ants', imageIds: ['p1', 'p2'] },
      { id: 'c2', label: 'bees', imageIds: ['p3'] },
    ];
    const key = datasetKeyOf(classes);
    expect(datasetKeyOf([{ ...classes[0], label: 'Ants' }, classes[1]])).toBe(key);
    expect(datasetKeyOf([classes[0], { ...classes[1], imageIds: ['p3', 'p4'] }])).not.toBe(key);
    expect(datasetKeyOf([classes[0]])).not.toBe(key);
  });
});
