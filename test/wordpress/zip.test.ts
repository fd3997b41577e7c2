import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { promisify } from 'node:util';
import { crc32, inflateRawSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO } from '../e2e/support/local-process.js';

const run = promisify(execFile);
const PLUGIN = join(REPO, 'wordpress/webhook-gateway-bridge');

interface ZipEntry {
  readonly name: string;
  readonly data: Buffer;
  readonly crcMatches: boolean;
}

/** Reads every entry through the central directory, as an unzip tool does. */
function readZip(zip: Buffer): ZipEntry[] {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const entries: ZipEntry[] = [];
  for (let index = 0; index < count; index += 1) {
    const method = zip.readUInt16LE(at + 10);
    const crc = zip.readUInt32LE(at + 16);
    const size = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const local = zip.readUInt32LE(at + 42);
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const stored = zip.subarray(start, start + size);
    const data = method === 8 ? inflateRawSync(stored) : Buffer.from(stored);
    entries.push({ name, data, crcMatches: crc32(data) === crc });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

function pluginFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? pluginFiles(path) : [relative(PLUGIN, path).split(sep).join('/')];
  });
}

describe('npm run wordpress:zip', () => {
  let dir: string;
  let entries: ZipEntry[];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'wgb-zip-'));
    await run(process.execPath, [join(REPO, 'wordpress/build-zip.mjs'), join(dir, 'plugin.zip')]);
    entries = readZip(readFileSync(join(dir, 'plugin.zip')));
  });

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('holds every plugin file, byte for byte, under a webhook-gateway-bridge/ folder', () => {
    const files = entries.filter((entry) => !entry.name.endsWith('/'));

    expect(files.map((entry) => entry.name).sort()).toEqual(
      pluginFiles(PLUGIN)
        .map((file) => `webhook-gateway-bridge/${file}`)
        .sort(),
    );
    for (const entry of files) {
      expect(entry.crcMatches, entry.name).toBe(true);
      expect(
        entry.data.equals(readFileSync(join(PLUGIN, entry.name.replace(/^webhook-gateway-bridge\//, '')))),
        entry.name,
      ).toBe(true);
    }
  });

  it('has the main plugin file and uninstall.php at the folder’s top, and no tests', () => {
    const names = entries.map((entry) => entry.name);

    expect(names).toContain('webhook-gateway-bridge/webhook-gateway-bridge.php');
    expect(names).toContain('webhook-gateway-bridge/uninstall.php');
    expect(names.filter((name) => /tests?\//.test(name))).toEqual([]);
  });

  it('gives the same bytes when built twice', async () => {
    await run(process.execPath, [join(REPO, 'wordpress/build-zip.mjs'), join(dir, 'again.zip')]);

    expect(readFileSync(join(dir, 'again.zip')).equals(readFileSync(join(dir, 'plugin.zip')))).toBe(true);
  });
});
