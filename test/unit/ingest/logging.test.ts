import { sign } from '@octokit/webhooks-methods';
import { describe, expect, it, vi } from 'vitest';
import { createIngestHandler } from '../../../lambdas/ingest/create-handler.js';
import { SecretCache } from '../../../lambdas/shared/domain/secret-cache.js';
import { outputPerTest } from '../../support/captured-output.js';
import { testConfig } from '../../support/config.js';
import { invokable } from '../../support/invoke.js';
import { MemoryEventQueue } from '../../support/memory/memory-event-queue.js';
import { MemoryEventStore } from '../../support/memory/memory-event-store.js';
import { webhookEvent } from '../../support/webhook-request.js';

const SECRET = 'super-secret-signing-key';
const BODY_MARKER = 'customer-private-note-4711';

// The logger reads its level once, when created, and the Lambda-context middleware puts that level
// back at every invocation: so the level is production's from the start, as on Lambda.
const previousLevel = vi.hoisted(() => {
  const level = process.env.POWERTOOLS_LOG_LEVEL;
  process.env.POWERTOOLS_LOG_LEVEL = 'INFO';
  return level;
});

describe('ingest logs at INFO', () => {
  const output = outputPerTest(previousLevel);

  function handler() {
    return invokable(
      createIngestHandler({
        config: testConfig([{ id: 'gh', scheme: 'github', entityId: 'body:repo' }]),
        store: new MemoryEventStore(),
        queue: new MemoryEventQueue(),
        secrets: new SecretCache({ read: async () => ({ current: { signingSecret: SECRET } }) }, Date.now),
        clock: Date.now,
      }),
    );
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

    const lines = output();
    const printed = lines.join('');
    expect(lines.length).toBeGreaterThanOrEqual(2);
    const accepted = JSON.parse(lines[0] ?? '{}');
    expect(accepted).toMatchObject({
      eventId: 'gh:log-1',
      sourceId: 'gh',
      entityId: 'acme/api',
      level: 'INFO',
    });
    expect(printed).not.toContain(SECRET);
    expect(printed).not.toContain(BODY_MARKER);
    expect(printed).not.toContain(headers['x-hub-signature-256']);
  });
});
