import { describe, expect, it } from 'vitest';
import { epochTicks, linePath, niceTicks } from './CurvePlot';

describe('CurvePlot geometry', () => {
  it('picks round y ticks covering the range', () => {
    expect(niceTicks(0, 1)).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(niceTicks(0, 2.3)).toEqual([0, 1, 2]);
    expect(niceTicks(0, 0.9)).toEqual([0, 0.25, 0.5, 0.75]);
    expect(niceTicks(0, 0)).toEqual([0]);
  });

  it('labels the first and last epoch and a few between', () => {
    expect(epochTicks(50)).toEqual([1, 10, 20, 30, 40, 50]);
    expect(epochTicks(3)).toEqual([1, 2, 3]);
    expect(epochTicks(1)).toEqual([1, 2]);
  });

  it('draws through values and breaks the line at nulls', () => {
    const x = (epoch: number) => epoch * 10;
    const y = (value: number) => 100 - value * 100;
    expect(linePath([0.5, 0.25, null, 1], x, y)).toBe('M10.0 50.0L20.0 75.0M40.0 0.0');
    expect(linePath([null, null], x, y)).toBe('');
  });
});
