import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { loadConfigFile } from '../lambdas/shared/config/load.js';
import { ConfigError } from '../lambdas/shared/errors.js';
import { GatewayStack } from '../lib/gateway-stack.js';

// Wiring only: load and validate the config, build the stack, check it with cdk-nag.
try {
  const config = loadConfigFile(process.env.GATEWAY_CONFIG ?? 'gateway.config.json');
  const app = new App();
  const stackName = app.node.tryGetContext('stackName');
  new GatewayStack(app, typeof stackName === 'string' ? stackName : 'WebhookGateway', {
    config,
    env: {
      ...(process.env.CDK_DEFAULT_ACCOUNT === undefined ? {} : { account: process.env.CDK_DEFAULT_ACCOUNT }),
      ...(process.env.CDK_DEFAULT_REGION === undefined ? {} : { region: process.env.CDK_DEFAULT_REGION }),
    },
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  app.synth();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  // A config mistake is the operator's to fix: the message names the field, a stack trace adds nothing.
  console.error(`webhook-gateway: ${error.message}`);
  process.exit(1);
}
