import { CfnGuardValidator } from '@cdklabs/cdk-validator-cfnguard';
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { DEFAULT_CONFIG_FILE, DEFAULT_STACK_NAME } from '../lambdas/shared/config/load.js';
import { loadConfigFile } from '../lambdas/shared/config/validate.js';
import { ConfigError } from '../lambdas/shared/errors.js';
import { GatewayStack } from '../lib/gateway-stack.js';

// Wiring only: load and validate the config for the stack's name, build the stack, check it with
// cdk-nag and AWS Control Tower's proactive controls.
try {
  const app = new App();
  const contextName = app.node.tryGetContext('stackName');
  const stackName = typeof contextName === 'string' ? contextName : DEFAULT_STACK_NAME;
  const config = loadConfigFile(process.env.GATEWAY_CONFIG ?? DEFAULT_CONFIG_FILE, { stackName });
  new GatewayStack(app, stackName, {
    config,
    env: {
      ...(process.env.CDK_DEFAULT_ACCOUNT === undefined ? {} : { account: process.env.CDK_DEFAULT_ACCOUNT }),
      ...(process.env.CDK_DEFAULT_REGION === undefined ? {} : { region: process.env.CDK_DEFAULT_REGION }),
    },
  });
  Validations.of(app).addPlugins(
    new AwsSolutionsChecks(app),
    new CfnGuardValidator({ controlTowerRulesEnabled: true }),
  );
  app.synth();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  // A config mistake is the operator's to fix: the message names the field, a stack trace adds nothing.
  console.error(`webhook-gateway: ${error.message}`);
  process.exit(1);
}
