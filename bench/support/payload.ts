import { createHash } from 'node:crypto';

const WORDS = [
  'fix',
  'update',
  'parser',
  'handle',
  'edge',
  'case',
  'when',
  'queue',
  'is',
  'empty',
  'add',
  'tests',
  'for',
  'retry',
  'backoff',
  'refactor',
  'config',
  'loader',
  'bump',
  'dependency',
  'docs',
  'typo',
  'release',
  'webhook',
  'signature',
  'rotation',
  'window',
  'cache',
  'metrics',
  'dashboard',
  'alarm',
];

/** xorshift32 seeded from the delivery id: every run builds the same bytes, events still differ. */
function randomFrom(seed: string): () => number {
  let state = createHash('sha256').update(seed).digest().readUInt32LE(0) || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
}

const hex = (random: () => number, length: number): string =>
  Array.from({ length }, () => Math.floor(random() * 16).toString(16)).join('');

function sentence(random: () => number, words: number): string {
  return Array.from({ length: words }, () => WORDS[Math.floor(random() * WORDS.length)] ?? 'x').join(' ');
}

function commit(random: () => number, repository: string, index: number): Record<string, unknown> {
  const id = hex(random, 40);
  const author = WORDS[Math.floor(random() * WORDS.length)] ?? 'dev';
  return {
    id,
    tree_id: hex(random, 40),
    distinct: true,
    message: sentence(random, 4 + Math.floor(random() * 10)),
    timestamp: new Date(Date.UTC(2026, 2, 1, 12, 0, index)).toISOString(),
    url: `https://github.com/${repository}/commit/${id}`,
    author: { name: author, email: `${author}@example.com`, username: author },
    committer: { name: 'GitHub', email: 'noreply@github.com', username: 'web-flow' },
    added: [],
    removed: [],
    modified: [`src/${sentence(random, 1)}/${sentence(random, 1)}.ts`],
  };
}

/**
 * A GitHub `push`-shaped JSON body of exactly `bytes` bytes (ASCII), with ids and words that vary
 * per delivery so it compresses like a real payload rather than like repeated text.
 */
export function githubPushBody(deliveryId: string, repository: string, bytes: number): Uint8Array {
  const random = randomFrom(deliveryId);
  const payload: Record<string, unknown> = {
    ref: 'refs/heads/main',
    before: hex(random, 40),
    after: hex(random, 40),
    repository: { id: 1_296_269, full_name: repository, private: false, default_branch: 'main' },
    pusher: { name: 'octocat', email: 'octocat@example.com' },
    sender: { login: 'octocat', id: 583_231, type: 'User' },
    delivery: deliveryId,
    commits: [],
    filler: '',
  };
  const commits: unknown[] = [];
  const size = () => Buffer.byteLength(JSON.stringify({ ...payload, commits }));
  for (let index = 0; ; index += 1) {
    const next = commit(random, repository, index);
    if (size() + Buffer.byteLength(JSON.stringify(next)) + 1 > bytes) break;
    commits.push(next);
  }
  const missing = bytes - size();
  if (missing < 0) throw new Error(`a payload cannot be as small as ${bytes} bytes`);
  let filler = '';
  while (filler.length < missing) filler += `${sentence(random, 1)} `;
  const text = JSON.stringify({ ...payload, commits, filler: filler.slice(0, missing) });
  const body = new TextEncoder().encode(text);
  if (body.byteLength !== bytes) throw new Error(`payload is ${body.byteLength} bytes, wanted ${bytes}`);
  return body;
}
