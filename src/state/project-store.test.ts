import { beforeEach, describe, expect, it } from 'vitest';
import { isUntouchedDefaultClass, useProjectStore, validateClassLabel } from './project-store';

const store = () => useProjectStore.getState();
const ids = () => store().classes.map((c) => c.imageIds);

describe('project store editing', () => {
  beforeEach(() => {
    store().load([
      { id: 'c1', label: 'ants', imageIds: ['a1', 'a2', 'a3', 'a4'] },
      { id: 'c2', label: 'bees', imageIds: ['b1', 'b2'] },
    ]);
  });

  it('puts removed images back exactly where they were', () => {
    const removed = store().removeImages(['a2', 'a4', 'b1']);
    expect(ids()).toEqual([['a1', 'a3'], ['b2']]);
    store().addImages('c1', ['a5']);
    store().restoreImages(removed);
    expect(ids()).toEqual([
      ['a1', 'a2', 'a3', 'a4', 'a5'],
      ['b1', 'b2'],
    ]);
  });

  it('moves images to the end of another class, in their order', () => {
    store().moveImages(['a3', 'a1'], 'c2');
    expect(ids()).toEqual([
      ['a2', 'a4'],
      ['b1', 'b2', 'a1', 'a3'],
    ]);
    store().moveImages(['a2'], 'no-such-class');
    expect(ids()).toEqual([
      ['a2', 'a4'],
      ['b1', 'b2', 'a1', 'a3'],
    ]);
  });

  it('restores a deleted class at its old place', () => {
    const removed = store().removeClass('c1')!;
    expect(store().classes.map((c) => c.label)).toEqual(['bees']);
    store().restoreClass(removed);
    expect(store().classes.map((c) => c.label)).toEqual(['ants', 'bees']);
    expect(store().removeClass('nope')).toBeNull();
  });

  it('leaves untouched classes as the same objects (cards that did not change do not re-render)', () => {
    const bees = store().classes[1];
    store().removeImages(['a1']);
    expect(store().classes[1]).toBe(bees);
  });
});

describe('class names', () => {
  const classes = [
    { id: 'c1', label: '개미 🐜', imageIds: [] },
    { id: 'c2', label: 'Class 2', imageIds: [] },
  ];
  it('accept any script and symbol, and refuse empty or duplicate names', () => {
    expect(validateClassLabel(classes, 'c2', '<img src=x onerror=alert(1)>')).toBeNull();
    expect(validateClassLabel(classes, 'c2', '벌 🐝')).toBeNull();
    expect(validateClassLabel(classes, 'c2', '   ')).toBe('A class needs a name.');
    expect(validateClassLabel(classes, 'c2', ' 개미 🐜 ')).toBe('Another class is already called "개미 🐜".');
    expect(validateClassLabel(classes, 'c1', '개미 🐜')).toBeNull();
    expect(validateClassLabel(classes, 'c2', 'x'.repeat(201))).toMatch(/at most 200/);
  });

  it('know an unused default class', () => {
    expect(isUntouchedDefaultClass(classes[1])).toBe(true);
    expect(isUntouchedDefaultClass({ ...classes[1], imageIds: ['i'] })).toBe(false);
    expect(isUntouchedDefaultClass(classes[0])).toBe(false);
  });
});
