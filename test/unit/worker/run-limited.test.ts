import { setTimeout } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { runLimited } from '../../../lambdas/worker/run-limited.js';

describe('runLimited', () => {
  it('runs at most the limit at once and answers in the items’ order', async () => {
    let running = 0;
    let most = 0;
    const started: number[] = [];
    // Later items finish sooner, so finishing order differs from the items' order.
    const results = await runLimited([40, 30, 20, 10, 5], 2, async (ms) => {
      started.push(ms);
      running += 1;
      most = Math.max(most, running);
      await setTimeout(ms);
      running -= 1;
      return ms * 2;
    });

    expect(results).toEqual([80, 60, 40, 20, 10]);
    expect(most).toBe(2);
    expect(started).toEqual([40, 30, 20, 10, 5]);
  });

  it('passes a failure on', async () => {
    await expect(
      runLimited([1, 2], 2, async (n) => {
        if (n === 2) throw new Error('two failed');
        return n;
      }),
    ).rejects.toThrow('two failed');
  });

  it('answers nothing for nothing', async () => {
    expect(await runLimited([], 3, async (n: number) => n)).toEqual([]);
  });
});
