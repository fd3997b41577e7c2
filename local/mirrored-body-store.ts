import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import type { BodyStore } from '../lambdas/shared/ports.js';

/**
 * fauxqs keeps the bodies bucket in memory. With on-disk state the local stack writes every body to
 * `.local/bodies/` as well and puts them back into the bucket on the next start, so an accepted event
 * whose body sits in the bucket is still forwarded after a restart, as its record is (docs/
 * architecture.md#local-stack). Reads go to the bucket, like the deployed functions'.
 */
export class MirroredBodyStore implements BodyStore {
  constructor(
    private readonly bucket: BodyStore,
    private readonly dir: string,
  ) {}

  async put(key: string, body: Uint8Array): Promise<void> {
    const file = fileOf(this.dir, key);
    await mkdir(dirname(file), { recursive: true });
    // Whole or absent: a restart never finds half a body.
    await writeFile(`${file}.partial`, body);
    await rename(`${file}.partial`, file);
    await this.bucket.put(key, body);
  }

  get(key: string): Promise<Uint8Array> {
    return this.bucket.get(key);
  }
}

/** Puts every body kept under `dir` back into the bucket; returns how many. */
export async function restoreBodies(dir: string, bucket: BodyStore): Promise<number> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(
    (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return [];
      throw error;
    },
  );
  let restored = 0;
  for (const entry of entries) {
    if (!entry.isFile() || entry.name.endsWith('.partial')) continue;
    const file = join(entry.parentPath, entry.name);
    await bucket.put(relative(dir, file).split(sep).join('/'), await readFile(file));
    restored += 1;
  }
  return restored;
}

/** The key's file under `dir`; a key that would leave it is refused. */
function fileOf(dir: string, key: string): string {
  const root = resolve(dir);
  const file = resolve(root, ...key.split('/'));
  if (!file.startsWith(`${root}${sep}`)) throw new Error(`body key ${key} leaves ${dir}`);
  return file;
}
