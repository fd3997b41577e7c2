import { readFileSync } from 'node:fs';
import { type GatewayConfig, tenantStatusSecretName } from '../lambdas/shared/config/load.js';
import { EXAMPLES, examplePath } from './examples.js';
import { readLocalSecret } from './local-secret.js';
import { curlCommand, deliveryIdFor, signedRequest } from './signed-request.js';

/**
 * What a user sees after the listening line: each source's URL and a signed `curl` to paste. The
 * signature carries a timestamp, so most schemes accept it for `toleranceSeconds` (5 minutes);
 * `npm run send` signs afresh any time.
 */
export function sourceBanner(config: GatewayConfig, secretsFile: string, baseUrl: string): string[] {
  const nowSeconds = Math.floor(Date.now() / 1000);
  const lines: string[] = [''];
  for (const source of config.sources) {
    const file = examplePath(source.scheme);
    const body = new Uint8Array(readFileSync(file));
    const request = signedRequest({
      baseUrl,
      source,
      secret: readLocalSecret(secretsFile, source.secretName, 'signingSecret'),
      body,
      nowSeconds,
      id: deliveryIdFor(source, body),
      eventType: EXAMPLES[source.scheme].eventType,
    });
    lines.push(`${source.id} (${source.scheme}) ${request.url}`);
    // An absolute path: the curl works whichever directory it is pasted in.
    lines.push(`  ${curlCommand(request, file)}`);
    for (const action of source.actions) lines.push(`  forwards to ${action.url}`);
    lines.push('');
  }
  const tenants = [...new Set(config.sources.map((source) => source.tenant))];
  lines.push(
    `secrets: ${secretsFile} (status API tokens: ${tenants.map((tenant) => tenantStatusSecretName(config, tenant)).join(', ')})`,
  );
  lines.push(
    `status:  curl -H "Authorization: Bearer <token>" ${baseUrl}/events/<sourceId>/<idempotencyKey>`,
  );
  lines.push(
    'send:    npm run send -- <sourceId> <file.json>    replay: npm run replay -- \'{"dryRun":true}\'',
  );
  return lines;
}
