import { describe, expect, it } from 'vitest';
import { resourcesOfType, synthGateway } from './support/synth.js';

const { template } = synthGateway();
const secrets = Object.values(resourcesOfType(template, 'AWS::SecretsManager::Secret')).map(
  (secret) => secret.Properties ?? {},
);
const byName = (name: string) => secrets.filter((secret) => secret.Name === name);

describe('secrets for the operator to fill', () => {
  it('creates one secret per distinct name: sources, tenant status tokens and forward JWT keys', () => {
    expect(secrets.map((secret) => secret.Name).sort()).toEqual([
      'acme/forward-jwt',
      'custom/github-signing',
      'webhook-gateway/acme/status',
      'webhook-gateway/acme/stripe-acme',
      'webhook-gateway/default/shop',
      'webhook-gateway/default/status',
    ]);
  });

  it.each(['webhook-gateway/acme/stripe-acme', 'custom/github-signing', 'acme/forward-jwt'])(
    'starts %s as a random {"signingSecret": …}',
    (name) => {
      expect(byName(name)[0]?.GenerateSecretString).toMatchObject({
        SecretStringTemplate: '{}',
        GenerateStringKey: 'signingSecret',
      });
    },
  );

  it('starts each status secret as a random {"token": …}', () => {
    expect(byName('webhook-gateway/default/status')[0]?.GenerateSecretString).toMatchObject({
      SecretStringTemplate: '{}',
      GenerateStringKey: 'token',
      ExcludePunctuation: true,
    });
  });
});
