import { CfnResource, type ITaggable, TagManager } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { infraConfig, synthGateway } from './support/synth.js';

const { stack, template } = synthGateway(
  infraConfig({
    deployment: { tags: { team: 'payments', 'cost-center': '4711' }, customerManagedKey: true },
  }),
);
const taggable = stack.node
  .findAll()
  .filter(
    (construct): construct is CfnResource & ITaggable =>
      construct instanceof CfnResource && TagManager.isTaggable(construct),
  );

describe('tags', () => {
  it('reach a resource of every taggable type in the stack', () => {
    const types = new Set(taggable.map((resource) => resource.cfnResourceType));
    for (const type of [
      'AWS::DynamoDB::Table',
      'AWS::SQS::Queue',
      'AWS::Lambda::Function',
      'AWS::SecretsManager::Secret',
      'AWS::KMS::Key',
      'AWS::Logs::LogGroup',
      'AWS::ApiGateway::RestApi',
      'AWS::SNS::Topic',
      'AWS::IAM::Role',
    ]) {
      expect(types).toContain(type);
    }
  });

  it.each([
    ['webhook-gateway:stack', 'GatewayUnderTest'],
    ['team', 'payments'],
    ['cost-center', '4711'],
  ])('put %s=%s on every resource that takes tags', (key, value) => {
    expect(taggable.length).toBeGreaterThan(30);
    for (const resource of taggable) {
      expect(resource.tags.tagValues()[key], `${resource.node.path}`).toBe(value);
    }
  });

  it('are rendered into the template', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      Tags: [
        { Key: 'cost-center', Value: '4711' },
        { Key: 'team', Value: 'payments' },
        { Key: 'webhook-gateway:stack', Value: 'GatewayUnderTest' },
      ],
    });
  });

  it('reject a tag key AWS reserves', () => {
    expect(() => infraConfig({ deployment: { tags: { 'aws:owner': 'x' } } })).toThrow(/deployment\.tags/);
  });
});
