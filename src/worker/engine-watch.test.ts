import { describe, expect, it } from 'vitest';
import { watchingAfterEachCommand } from './engine-watch';

describe('watchingAfterEachCommand', () => {
  it('looks at the backend after every command, whether it answered or failed, and passes both on', async () => {
    let looks = 0;
    const api = watchingAfterEachCommand(
      {
        add: async (a: number, b: number) => a + b,
        fail: async () => {
          throw new Error('no trunk');
        },
      },
      () => looks++,
    );
    expect(await api.add(2, 3)).toBe(5);
    expect(looks).toBe(1);
    await expect(api.fail()).rejects.toThrow('no trunk');
    expect(looks).toBe(2);
  });
});
