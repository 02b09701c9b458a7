import { describe, expect, it } from 'vitest';
import { spreadAcrossClasses } from './sample-examples';

const example = (id: string, classIndex: number) => ({ id, classIndex });

describe('spreadAcrossClasses', () => {
  it('takes the classes in turn so a small sample still covers every class', () => {
    const examples = [example('a1', 0), example('a2', 0), example('a3', 0), example('b1', 1), example('c1', 2), example('c2', 2)];
    expect(spreadAcrossClasses(examples, 4).map((e) => e.id)).toEqual(['a1', 'b1', 'c1', 'a2']);
    expect(spreadAcrossClasses(examples, 100).map((e) => e.id)).toEqual(['a1', 'b1', 'c1', 'a2', 'c2', 'a3']);
    expect(spreadAcrossClasses(examples, 0)).toEqual([]);
    expect(spreadAcrossClasses([], 5)).toEqual([]);
  });
});
