// Builds the installable plugin zip (Plugins → Add New → Upload): every file of
// wordpress/webhook-gateway-bridge/ under a `webhook-gateway-bridge/` folder. Node alone, so no zip
// tool is needed; entries are sorted and dated 1980-01-01, so the same sources give the same bytes.
//
//   node wordpress/build-zip.mjs [output.zip]    (default dist/webhook-gateway-bridge.zip)
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { crc32, deflateRawSync } from 'node:zlib';

const HERE = dirname(fileURLToPath(import.meta.url));
const PLUGIN = 'webhook-gateway-bridge';
const SOURCE = join(HERE, PLUGIN);
const OUTPUT = resolve(process.argv[2] ?? join(HERE, '..', 'dist', `${PLUGIN}.zip`));
const DOS_DATE_1980_01_01 = (1 << 5) | 1;
const UTF8_NAMES = 0x0800;

/** Folders and files under `dir`, relative, with `/` separators, dot files left out, sorted. */
function entriesOf(dir) {
  const found = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    const name = relative(SOURCE, path).split(sep).join('/');
    if (entry.isDirectory()) found.push({ name: `${name}/`, path: undefined }, ...entriesOf(path));
    else if (entry.isFile()) found.push({ name, path });
  }
  return found.sort((a, b) => a.name.localeCompare(b.name));
}

function localHeader(name, data, compressed, crc) {
  const header = Buffer.alloc(30);
  header.writeUInt32LE(0x04034b50, 0);
  header.writeUInt16LE(20, 4); // version needed: 2.0 (deflate)
  header.writeUInt16LE(UTF8_NAMES, 6);
  header.writeUInt16LE(data.length === 0 ? 0 : 8, 8); // stored when empty, else deflate
  header.writeUInt16LE(0, 10); // time 00:00
  header.writeUInt16LE(DOS_DATE_1980_01_01, 12);
  header.writeUInt32LE(crc, 14);
  header.writeUInt32LE(compressed.length, 18);
  header.writeUInt32LE(data.length, 22);
  header.writeUInt16LE(Buffer.byteLength(name), 26);
  header.writeUInt16LE(0, 28);
  return header;
}

function centralHeader(name, data, compressed, crc, offset, isDirectory) {
  const header = Buffer.alloc(46);
  header.writeUInt32LE(0x02014b50, 0);
  header.writeUInt16LE((3 << 8) | 20, 4); // made by: Unix, 2.0 (so the mode below counts)
  header.writeUInt16LE(20, 6);
  header.writeUInt16LE(UTF8_NAMES, 8);
  header.writeUInt16LE(data.length === 0 ? 0 : 8, 10);
  header.writeUInt16LE(0, 12);
  header.writeUInt16LE(DOS_DATE_1980_01_01, 14);
  header.writeUInt32LE(crc, 16);
  header.writeUInt32LE(compressed.length, 20);
  header.writeUInt32LE(data.length, 24);
  header.writeUInt16LE(Buffer.byteLength(name), 28);
  // Extra field, comment, disk number, internal attributes: all zero.
  const mode = isDirectory ? 0o40755 : 0o100644;
  header.writeUInt32LE(((mode << 16) | (isDirectory ? 0x10 : 0)) >>> 0, 38);
  header.writeUInt32LE(offset, 42);
  return header;
}

const locals = [];
const centrals = [];
let offset = 0;
for (const entry of [{ name: '', path: undefined }, ...entriesOf(SOURCE)]) {
  const name = `${PLUGIN}/${entry.name}`;
  const data = entry.path === undefined ? Buffer.alloc(0) : readFileSync(entry.path);
  const compressed = data.length === 0 ? data : deflateRawSync(data, { level: 9 });
  const crc = crc32(data);
  const local = Buffer.concat([localHeader(name, data, compressed, crc), Buffer.from(name), compressed]);
  centrals.push(
    Buffer.concat([
      centralHeader(name, data, compressed, crc, offset, entry.path === undefined),
      Buffer.from(name),
    ]),
  );
  locals.push(local);
  offset += local.length;
}
const directory = Buffer.concat(centrals);
const end = Buffer.alloc(22);
end.writeUInt32LE(0x06054b50, 0);
end.writeUInt16LE(centrals.length, 8);
end.writeUInt16LE(centrals.length, 10);
end.writeUInt32LE(directory.length, 12);
end.writeUInt32LE(offset, 16);

mkdirSync(dirname(OUTPUT), { recursive: true });
writeFileSync(OUTPUT, Buffer.concat([...locals, directory, end]));
console.log(
  `${relative(process.cwd(), OUTPUT) || OUTPUT}: ${centrals.length} entries, ${offset + directory.length + 22} bytes`,
);
