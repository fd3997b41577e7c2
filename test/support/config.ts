import type { GatewayConfig } from '../../lambdas/shared/config/load.js';
import type { GatewayConfigInput } from '../../lambdas/shared/config/schema.js';
import { parseConfig } from '../../lambdas/shared/config/validate.js';

type SourceInput = GatewayConfigInput['sources'][number];

/** A validated config from a few sources, everything else defaulted. */
export function testConfig(
  sources: readonly SourceInput[],
  overrides: Omit<Partial<GatewayConfigInput>, 'sources'> = {},
): GatewayConfig {
  return parseConfig({ ...overrides, sources });
}
