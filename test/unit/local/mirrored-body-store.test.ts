import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BodyStore } from '../../../lambdas/shared/ports.js';
import { MirroredBodyStore, restoreBodies } from '../../../local/mirrored-body-store.js';

/** A bucket that forgets everything when replaced, as fauxqs does on a restart. */
class Bucket implements BodyStore {
  readonly objects = new Map<string, Uint8Array>();
  async put(key: string, body: Uint8Array): Promise<void> {
    this.objects.set(key, body);
  }
  async get(key: string): Promise<Uint8Array> {
    const body = this.objects.get(key);
    if (body === undefined) throw new Error(`no object ${key}`);
    return body;
  }
}

const KEY = 'bodies/github-acme/0f1e/9a8b';
const BODY = new TextEncoder().encode('{"ref":"refs/heads/main"}');

describe('bodies kept on disk for the local stack', () => {
  it('writes a body to the bucket and to disk, and puts it back into a new bucket', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wg-bodies-'));
    const before = new Bucket();
    await new MirroredBodyStore(before, dir).put(KEY, BODY);
    const after = new Bucket();

    const restored = await restoreBodies(dir, after);

    expect(await before.get(KEY)).toEqual(BODY);
    expect(restored).toBe(1);
    expect(new Uint8Array(await after.get(KEY))).toEqual(BODY);
  });

  it('leaves a half-written body out of the restore', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wg-bodies-'));
    writeFileSync(join(dir, 'cut-short.partial'), 'half');
    const bucket = new Bucket();

    expect(await restoreBodies(dir, bucket)).toBe(0);
    expect(bucket.objects.size).toBe(0);
  });

  it('restores nothing when no body was ever kept', async () => {
    expect(await restoreBodies(join(tmpdir(), 'wg-bodies-never-created'), new Bucket())).toBe(0);
  });

  it('refuses a key that would write outside its folder', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wg-bodies-'));
    const bucket = new Bucket();

    await expect(new MirroredBodyStore(bucket, dir).put('../escaped', BODY)).rejects.toThrow('leaves');
    expect(existsSync(join(dir, '..', 'escaped'))).toBe(false);
    expect(bucket.objects.size).toBe(0);
  });
});
