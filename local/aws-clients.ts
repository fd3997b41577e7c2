import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';

export const LOCAL_REGION = 'us-east-1';
/** Emulators accept any credentials; fixed ones keep the SDK from searching the machine for real ones. */
export const localCredentials = { accessKeyId: 'local', secretAccessKey: 'local' };

export interface LocalEndpoints {
  readonly dynamodb: string;
  readonly sqs: string;
}

export interface LocalClients {
  readonly dynamodb: DynamoDBClient;
  readonly sqs: SQSClient;
}

export function localClients(endpoints: LocalEndpoints): LocalClients {
  const common = { region: LOCAL_REGION, credentials: localCredentials, maxAttempts: 2 };
  return {
    dynamodb: new DynamoDBClient({ ...common, endpoint: endpoints.dynamodb }),
    sqs: new SQSClient({ ...common, endpoint: endpoints.sqs }),
  };
}
