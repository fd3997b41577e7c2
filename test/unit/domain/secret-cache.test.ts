import { describe, expect, it } from 'vitest';
import { activeSigningKeys } from '../../../lambdas/ingest/signing-keys.js';
import { SecretCache } from '../../../lambdas/shared/domain/secret-cache.js';
import { CountingSecrets } from '../../support/counting-secrets.js';

/** A cache over a counting source, on a clock the test moves by setting `clock.now`. */
function countingCache() {
  const clock = { now: 0 };
  const source = new CountingSecrets({ current: { signingSecret: 'a' } });
  return { clock, source, cache: new SecretCache(source, () => clock.now) };
}

describe('secret cache', () => {
  it('serves a secret from memory for five minutes, then reads it again', async () => {
    const { clock, source, cache } = countingCache();

    await cache.get('s');
    clock.now = 299_999;
    await cache.get('s');
    expect(source.reads).toBe(1);
    clock.now = 300_000;
    await cache.get('s');
    expect(source.reads).toBe(2);
  });

  it('refreshes on demand at most once every 30 seconds', async () => {
    const { clock, source, cache } = countingCache();
    await cache.get('s');

    clock.now = 10_000;
    expect(await cache.refresh('s')).toBe(false);
    clock.now = 30_000;
    expect(await cache.refresh('s')).toBe(true);
    expect(await cache.refresh('s')).toBe(false);
    expect(source.reads).toBe(2);
  });

  it('shares one read between concurrent callers', async () => {
    const { source, cache } = countingCache();

    await Promise.all([cache.get('s'), cache.get('s'), cache.get('s')]);

    expect(source.reads).toBe(1);
  });
});

describe('active signing keys', () => {
  const rotatedAt = Date.parse('2026-01-01T00:00:00Z');
  const versions = { current: { signingSecret: 'new' }, previous: { signingSecret: 'old' }, rotatedAt };

  it('offers the previous key inside the rotation window', () => {
    const now = rotatedAt + 71 * 3_600_000;

    expect(activeSigningKeys(versions, 72, now)).toEqual([
      { id: 'current', secret: 'new' },
      { id: 'previous', secret: 'old' },
    ]);
  });

  it('drops the previous key once the window has passed', () => {
    expect(activeSigningKeys(versions, 72, rotatedAt + 72 * 3_600_000)).toEqual([
      { id: 'current', secret: 'new' },
    ]);
  });

  it('never offers an empty key, which anyone could sign with', () => {
    expect(activeSigningKeys({ current: { signingSecret: '' } }, 72, 0)).toEqual([]);
  });

  it('does not trust a previous key without a rotation time', () => {
    expect(
      activeSigningKeys({ current: { signingSecret: 'a' }, previous: { signingSecret: 'b' } }, 72, 0),
    ).toEqual([{ id: 'current', secret: 'a' }]);
  });
});
