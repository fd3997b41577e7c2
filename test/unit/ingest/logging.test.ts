import { sign } from '@octokit/webhooks-methods';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createIngestHandler } from '../../../lambdas/ingest/create-handler.js';
import { MemoryEventQueue } from '../../../lambdas/shared/adapters/memory-event-queue.js';
import { MemoryEventStore } from '../../../lambdas/shared/adapters/memory-event-store.js';
import { SecretCache } from '../../../lambdas/shared/domain/secret-cache.js';
import { logger } from '../../../lambdas/shared/observability/powertools.js';
import { testConfig } from '../../support/config.js';
import { webhookEvent } from '../../support/webhook-request.js';

const SECRET = 'super-secret-signing-key';
const BODY_MARKER = 'customer-private-note-4711';

describe('ingest logs at INFO', () => {
  let lines: string[];

  beforeEach(() => {
    lines = [];
    logger.setLogLevel('INFO');
    for (const stream of [process.stdout, process.stderr]) {
      vi.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array) => {
        lines.push(String(chunk));
        return true;
      });
    }
  });

  afterEach(() => {
    vi.restoreAllMocks();
    logger.setLogLevel('SILENT');
  });

  function handler() {
    return createIngestHandler({
      config: testConfig([{ id: 'gh', scheme: 'github', entityId: 'body:repo' }]),
      store: new MemoryEventStore(),
      queue: new MemoryEventQueue(),
      secrets: new SecretCache({ read: async () => ({ current: { signingSecret: SECRET } }) }, Date.now),
      clock: Date.now,
    });
  }

  it('carries eventId, sourceId and entityId, and never the secret or the body', async () => {
    const body = JSON.stringify({ repo: 'acme/api', note: BODY_MARKER });
    const headers = {
      'content-type': 'application/json',
      'x-github-delivery': 'log-1',
      'x-hub-signature-256': await sign(SECRET, body),
    };

    await handler()(webhookEvent('gh', headers, body));
    await handler()(webhookEvent('gh', { ...headers, 'x-hub-signature-256': 'sha256=00' }, body));

    const output = lines.join('');
    expect(lines.length).toBeGreaterThanOrEqual(2);
    const accepted = JSON.parse(lines[0] ?? '{}');
    expect(accepted).toMatchObject({
      eventId: 'gh:log-1',
      sourceId: 'gh',
      entityId: 'acme/api',
      level: 'INFO',
    });
    expect(output).not.toContain(SECRET);
    expect(output).not.toContain(BODY_MARKER);
    expect(output).not.toContain(headers['x-hub-signature-256']);
  });
});
