import { describe, expect, it } from 'vitest';
import { backoffCeilingSeconds, retryDelaySeconds } from '../../../lambdas/worker/backoff.js';

const policy = { baseDelaySeconds: 2, maxDelaySeconds: 60 };

describe('retry backoff', () => {
  it('doubles the ceiling with each attempt, starting at the base delay', () => {
    expect([1, 2, 3, 4, 5].map((attempt) => backoffCeilingSeconds(policy, attempt))).toEqual([
      2, 4, 8, 16, 32,
    ]);
  });

  it('caps the ceiling at maxDelaySeconds', () => {
    expect(backoffCeilingSeconds(policy, 6)).toBe(60);
    expect(backoffCeilingSeconds(policy, 500)).toBe(60);
  });

  it('never asks SQS for more than 12 hours of visibility', () => {
    expect(backoffCeilingSeconds({ baseDelaySeconds: 40_000, maxDelaySeconds: 43_200 }, 3)).toBe(43_200);
  });

  it('draws the delay evenly from zero up to the ceiling (full jitter)', () => {
    // Attempt 4: ceiling 16 s, so 17 whole seconds 0..16 are possible.
    expect(retryDelaySeconds(policy, 4, () => 0)).toBe(0);
    expect(retryDelaySeconds(policy, 4, () => 0.5)).toBe(8);
    expect(retryDelaySeconds(policy, 4, () => 0.999_999)).toBe(16);
  });

  it('stays within the ceiling even if the random source returns 1', () => {
    expect(retryDelaySeconds(policy, 2, () => 1)).toBe(4);
  });

  it('honours a Retry-After hint instead of the jitter', () => {
    expect(retryDelaySeconds(policy, 1, () => 0, 30)).toBe(30);
  });

  it('caps a Retry-After hint at maxDelaySeconds', () => {
    expect(retryDelaySeconds(policy, 1, () => 0, 3600)).toBe(60);
  });
});
