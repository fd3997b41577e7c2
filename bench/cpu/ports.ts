import type { GatewayConfig } from '../../lambdas/shared/config/load.js';
import { parseConfig } from '../../lambdas/shared/config/validate.js';
import { SecretCache } from '../../lambdas/shared/domain/secret-cache.js';
import { systemClock } from '../../lambdas/shared/ports.js';
import { MemoryEventStore } from '../../test/support/memory/memory-event-store.js';
import { BENCH_SOURCE_ID } from '../support/requests.js';
import { StaticSecretSource } from '../support/static-secrets.js';
import { BENCH_SECRET } from './events.js';

/** What the ingest and worker benches share, on the system clock. */
export interface BenchPorts {
  readonly config: GatewayConfig;
  /** The table, in memory. */
  readonly store: MemoryEventStore;
  /** Secrets Manager, in memory, holding the bench source's signing secret. */
  readonly secrets: SecretCache;
}

/** The bench source (GitHub, one entity per repository) and in-memory stand-ins for its table and secret. */
export function benchPorts(): BenchPorts {
  return {
    config: parseConfig({
      sources: [{ id: BENCH_SOURCE_ID, scheme: 'github', entityId: 'body:repository.full_name' }],
    }),
    store: new MemoryEventStore(systemClock),
    secrets: new SecretCache(
      new StaticSecretSource({ [`webhook-gateway/default/${BENCH_SOURCE_ID}`]: BENCH_SECRET }),
      systemClock,
    ),
  };
}
