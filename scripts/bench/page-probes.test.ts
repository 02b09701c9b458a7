import { describe, expect, it } from 'vitest';
import { summariseLongTasks, type LongFrame } from './page-probes';

const script = (start: number, duration: number, invoker: string, functionName = '') => ({ start, duration, invoker, functionName });

describe('summariseLongTasks', () => {
  it('counts nothing when there were no long tasks', () => {
    expect(summariseLongTasks([], [], 100)).toEqual({ count: 0, maxMs: 0, totalMs: 0 });
  });

  it('names the scripts that ran in the longest task, longest first, at most three', () => {
    const frames: LongFrame[] = [
      {
        start: 1000,
        duration: 70,
        scripts: [
          script(1002, 8, 'Worker.onmessage'),
          script(1010, 55, 'Window.requestIdleCallback', 'draw'),
          script(1066, 3, 'IDBRequest.onsuccess'),
          script(1069, 1, 'TimerHandler:setTimeout'),
        ],
      },
      // Another frame, elsewhere in the phase: not the longest task's.
      { start: 1500, duration: 52, scripts: [script(1500, 52, 'Window.fetch')] },
    ];
    const summary = summariseLongTasks(
      [
        { start: 1500, duration: 52 },
        { start: 1005, duration: 64.4 },
      ],
      frames,
      900,
    );
    expect(summary).toEqual({
      count: 2,
      maxMs: 64,
      totalMs: 116,
      longest: { atMs: 105, scripts: ['Window.requestIdleCallback draw 55 ms', 'Worker.onmessage 8 ms', 'IDBRequest.onsuccess 3 ms'] },
    });
  });

  it('says nothing of scripts where the browser recorded no frames', () => {
    expect(summariseLongTasks([{ start: 10, duration: 60 }], [], 0).longest).toEqual({ atMs: 10, scripts: [] });
  });
});
