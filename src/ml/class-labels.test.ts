import { describe, expect, it } from 'vitest';
import {
  classLabelListProblems,
  classLabelProblem,
  classLabelsForFolders,
  freeClassLabel,
  MAX_CLASS_LABEL_LENGTH,
  normaliseClassLabels,
} from './class-labels';
import { createRng } from './rng';

describe('classLabelProblem', () => {
  it('accepts any characters, and names the problem of a blank, long or taken name', () => {
    expect(classLabelProblem('<img src=x onerror=alert(1)>', ['a'])).toBeNull();
    expect(classLabelProblem('벌 🐝', ['개미 🐜'])).toBeNull();
    expect(classLabelProblem('   ', [])).toBe('A class needs a name.');
    expect(classLabelProblem(' 개미 🐜 ', ['개미 🐜'])).toBe('Another class is already called "개미 🐜".');
    expect(classLabelProblem('Cat', ['cat'])).toBeNull();
    expect(classLabelProblem('x'.repeat(MAX_CLASS_LABEL_LENGTH), [])).toBeNull();
    expect(classLabelProblem('x'.repeat(MAX_CLASS_LABEL_LENGTH + 1), [])).toBe(
      'Class names can be at most 200 characters long (this one has 201).',
    );
  });
});

describe('classLabelListProblems', () => {
  it('lists every blank, long and repeated name of a stored list', () => {
    expect(classLabelListProblems(['a', 'b'])).toEqual([]);
    expect(classLabelListProblems(['a', ' ', 'x'.repeat(201), 'a '])).toEqual([
      'class 2 has no name',
      'the name of class 3 is longer than 200 characters',
      'two classes are called "a"',
    ]);
  });
});

describe('normaliseClassLabels', () => {
  it('never gives two classes one name: ["a","a","a (2)"] keeps "a (2)" and numbers the repeat on', () => {
    const { labels, changes } = normaliseClassLabels(['a', 'a', 'a (2)']);
    expect(labels).toEqual(['a', 'a (3)', 'a (2)']);
    expect(changes).toEqual([{ index: 1, from: 'a', to: 'a (3)', message: '"a" became "a (3)": another class is already called "a".' }]);
  });

  it('trims silently, names blanks "Class N", cuts long names to the limit and says so', () => {
    const long = 'y'.repeat(250);
    const { labels, changes } = normaliseClassLabels(['  cats ', '', long]);
    expect(labels).toEqual(['cats', 'Class 2', 'y'.repeat(MAX_CLASS_LABEL_LENGTH)]);
    expect(changes.map((c) => c.index)).toEqual([1, 2]);
    expect(changes[0].message).toBe('"" became "Class 2": it had no name.');
    expect(changes[1].message).toMatch(/at most 200 characters long\.$/);
  });

  it('keeps the length limit when a long repeat is numbered, and never splits an emoji', () => {
    const long = `${'z'.repeat(195)}🐝🐝🐝`;
    const { labels } = normaliseClassLabels([long, long]);
    expect(labels[0]).toBe(`${'z'.repeat(195)}🐝🐝`);
    expect(labels[1].length).toBeLessThanOrEqual(MAX_CLASS_LABEL_LENGTH);
    expect(labels[1]).toBe(`${'z'.repeat(195)} (2)`);
    expect(labels[0]).not.toBe(labels[1]);
  });

  it('avoids the names already in the project', () => {
    expect(normaliseClassLabels(['Class 1', 'dogs'], ['Class 1', 'Class 1 (2)']).labels).toEqual(['Class 1 (3)', 'dogs']);
    expect(normaliseClassLabels(['', 'Class 1']).labels).toEqual(['Class 1 (2)', 'Class 1']);
  });

  it('gives distinct valid names for any list, keeping every name that was valid and unique', () => {
    const random = createRng(7);
    const pieces = [
      'a',
      'a (2)',
      'a (3)',
      ' a',
      '',
      ' ',
      'Class 1',
      'Class 2',
      'x'.repeat(199),
      'x'.repeat(205),
      '🐝'.repeat(101),
      'b (2) (2)',
    ];
    for (let round = 0; round < 500; round++) {
      const raw = Array.from({ length: 1 + Math.floor(random() * 8) }, () => pieces[Math.floor(random() * pieces.length)]);
      const taken = random() < 0.5 ? ['a', 'Class 1'] : [];
      const { labels, changes } = normaliseClassLabels(raw, taken);
      expect(labels).toHaveLength(raw.length);
      expect(classLabelListProblems([...taken, ...labels])).toEqual([]);
      for (const label of labels) expect(label).toBe(label.trim());
      raw.forEach((r, i) => {
        const t = r.trim();
        const validAndFirst =
          t.length > 0 && t.length <= MAX_CLASS_LABEL_LENGTH && !taken.includes(t) && raw.findIndex((o) => o.trim() === t) === i;
        if (validAndFirst) expect(labels[i]).toBe(t);
        if (labels[i] !== t) expect(changes.some((c) => c.index === i)).toBe(true);
      });
    }
  });

  it('freeClassLabel picks a free name for one class', () => {
    expect(freeClassLabel('cats', ['cats', 'dogs'])).toBe('cats (2)');
    expect(freeClassLabel('birds', ['cats'])).toBe('birds');
  });
});

describe('classLabelsForFolders', () => {
  it('keeps valid folder names (so a folder fills the class of its name), names blanks and cuts long ones apart', () => {
    const longA = `${'f'.repeat(200)}A`;
    const longB = `${'f'.repeat(200)}B`;
    const { labelOf, changes } = classLabelsForFolders(['ants', ' ', longA, 'ants', longB]);
    expect(labelOf.get('ants')).toBe('ants');
    expect(labelOf.get(' ')).toBe('Unnamed class');
    expect(labelOf.get(longA)).toBe('f'.repeat(200));
    expect(labelOf.get(longB)).toBe(`${'f'.repeat(196)} (2)`);
    expect(changes.map((c) => c.from)).toEqual([longA, longB]);
    expect(changes[1].message).toMatch(/at most 200 characters long, and another class already had that name\.$/);
  });
});
