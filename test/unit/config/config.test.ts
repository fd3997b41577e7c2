import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { configJsonSchemaText, SCHEMA_FILE } from '../../../lambdas/shared/config/json-schema.js';
import { loadConfigFile, parseConfig } from '../../../lambdas/shared/config/validate.js';
import { ConfigError } from '../../../lambdas/shared/errors.js';

describe('gateway config', () => {
  it('resolves per-scheme defaults and the secret name', () => {
    const config = parseConfig({ sources: [{ id: 'stripe-acme', tenant: 'acme', scheme: 'stripe' }] });

    expect(config.sources[0]).toMatchObject({
      secretName: 'webhook-gateway/acme/stripe-acme',
      idempotencyKey: 'body:id',
      eventType: 'body:type',
      entityId: undefined,
      toleranceSeconds: 300,
      rotationWindowHours: 72,
      maxBodyBytes: 262144,
      contentTypes: ['application/json'],
      actions: [],
    });
    expect(config.retry).toEqual({ maxReceiveCount: 5, baseDelaySeconds: 2, maxDelaySeconds: 900 });
    expect(config.worker).toEqual({
      batchSize: 10,
      maxConcurrency: 20,
      timeoutSeconds: 60,
      memoryMB: 256,
      entitiesAtOnce: 10,
    });
    expect(config.retentionDays).toBe(30);
  });

  it('defaults the tenant to "default"', () => {
    const config = parseConfig({ sources: [{ id: 'gh', scheme: 'github' }] });

    expect(config.sources[0]?.tenant).toBe('default');
    expect(config.sources[0]?.secretName).toBe('webhook-gateway/default/gh');
    expect(config.sources[0]?.idempotencyKey).toBe('header:x-github-delivery');
  });

  it('names the field of a bad scheme', () => {
    expect(() => parseConfig({ sources: [{ id: 'a', scheme: 'paypal' }] })).toThrow(/sources\.0\.scheme/);
  });

  it('rejects the reserved source id "status"', () => {
    expect(() => parseConfig({ sources: [{ id: 'status', scheme: 'github' }] })).toThrow(
      /sources\.0\.id: "status" is reserved/,
    );
  });

  it('rejects a source id with upper-case letters', () => {
    expect(() => parseConfig({ sources: [{ id: 'Stripe', scheme: 'stripe' }] })).toThrow(ConfigError);
  });

  it('rejects duplicate source ids', () => {
    expect(() =>
      parseConfig({
        sources: [
          { id: 'a', scheme: 'github' },
          { id: 'a', scheme: 'stripe' },
        ],
      }),
    ).toThrow(/source ids must be unique/);
  });

  it('rejects an unknown field, naming it', () => {
    expect(() => parseConfig({ sources: [{ id: 'a', scheme: 'github', secret: 'x' }] })).toThrow(
      /sources\.0/,
    );
  });

  it('rejects a selector that is neither header: nor body:', () => {
    expect(() => parseConfig({ sources: [{ id: 'a', scheme: 'github', entityId: 'query:x' }] })).toThrow(
      /sources\.0\.entityId/,
    );
  });

  it('rejects a batch size above the FIFO limit of 10', () => {
    expect(() =>
      parseConfig({ sources: [{ id: 'a', scheme: 'github' }], worker: { batchSize: 11 } }),
    ).toThrow(/worker\.batchSize/);
  });

  it('loads the sample config shipped with the project', () => {
    const config = loadConfigFile('gateway.config.json');

    expect(config.sources.map((source) => source.scheme).sort()).toEqual([
      'github',
      'hmac-sha256',
      'shopify',
      'slack',
      'standard-webhooks',
      'stripe',
      'svix',
      'wordpress',
    ]);
  });

  it('reports a missing file as a ConfigError', () => {
    expect(() => loadConfigFile('does-not-exist.json')).toThrow(ConfigError);
  });

  it('has a committed JSON Schema that matches the zod schema (run `npm run schema` when this fails)', () => {
    expect(readFileSync(SCHEMA_FILE, 'utf8')).toBe(configJsonSchemaText());
  });
});
