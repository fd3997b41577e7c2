import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ForwardReceiver, startForwardReceiver } from '../../../local/forward-receiver.js';

export const STRIPE_SECRET = 'whsec_e2e_stripe_0123456789abcdef';
export const GITHUB_SECRET = "It's a Secret to Everybody";
export const STANDARD_SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
export const STATUS_TOKEN = 'e2e-status-token-acme';
export const FORWARD_SECRET = 'e2e-forward-jwt-key-0123456789abcdef0123456789';

export interface GatewayFixture {
  readonly dir: string;
  readonly configFile: string;
  readonly secretsFile: string;
  readonly receiver: ForwardReceiver;
  close(): Promise<void>;
}

export interface GatewayFixtureOptions {
  /** The config's `api.type`: which API Gateway the local stack plays. @default the config's default */
  readonly apiType?: 'rest' | 'http';
  /** `contentTypes` of the `github-e2e` source. @default the config's default */
  readonly githubContentTypes?: readonly string[];
}

/**
 * A local secrets file in `dir` for tenant `acme`: each source's signing secret, the forward action's
 * JWT key and the status token. Returns its path.
 */
export function writeAcmeSecrets(
  dir: string,
  signingSecrets: Readonly<Record<string, string>>,
  statusToken = STATUS_TOKEN,
): string {
  const file = join(dir, 'secrets.json');
  const sources = Object.entries(signingSecrets).map(([sourceId, signingSecret]) => [
    `webhook-gateway/acme/${sourceId}`,
    { signingSecret },
  ]);
  writeFileSync(
    file,
    JSON.stringify({
      ...Object.fromEntries(sources),
      'webhook-gateway/acme/forward': { signingSecret: FORWARD_SECRET },
      'webhook-gateway/acme/status': { token: statusToken },
    }),
  );
  return file;
}

/**
 * A config and a secrets file in a temp folder, and a loopback downstream that answers 400 on
 * `/reject` and 200 elsewhere — what a user sets up to try the gateway against their own service.
 */
export async function gatewayFixture(options: GatewayFixtureOptions = {}): Promise<GatewayFixture> {
  const dir = mkdtempSync(join(tmpdir(), 'wg-e2e-'));
  const receiver = await startForwardReceiver({
    host: '127.0.0.1',
    port: 0,
    respond: (path) => (path.startsWith('/reject') ? 400 : 200),
  });
  const forward = (path: string) => ({
    type: 'forward',
    url: `http://127.0.0.1:${receiver.port}${path}`,
    jwtSecretName: 'webhook-gateway/acme/forward',
  });
  const configFile = join(dir, 'gateway.config.json');
  writeFileSync(
    configFile,
    JSON.stringify({
      sources: [
        {
          id: 'stripe-e2e',
          tenant: 'acme',
          scheme: 'stripe',
          entityId: 'body:data.object.id',
          actions: [forward('/stripe')],
        },
        {
          id: 'github-e2e',
          tenant: 'acme',
          scheme: 'github',
          maxBodyBytes: 4096,
          ...(options.githubContentTypes === undefined ? {} : { contentTypes: options.githubContentTypes }),
          actions: [forward('/github')],
        },
        { id: 'reject-e2e', tenant: 'acme', scheme: 'standard-webhooks', actions: [forward('/reject')] },
      ],
      retry: { maxReceiveCount: 2, baseDelaySeconds: 1, maxDelaySeconds: 2 },
      ...(options.apiType === undefined ? {} : { api: { type: options.apiType } }),
    }),
  );
  const secretsFile = writeAcmeSecrets(dir, {
    'stripe-e2e': STRIPE_SECRET,
    'github-e2e': GITHUB_SECRET,
    'reject-e2e': STANDARD_SECRET,
  });
  return { dir, configFile, secretsFile, receiver, close: () => receiver.close() };
}
