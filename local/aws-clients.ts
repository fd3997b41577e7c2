import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';

export const LOCAL_REGION = 'us-east-1';
/** Emulators accept any credentials; fixed ones keep the SDK from searching the machine for real ones. */
export const localCredentials = { accessKeyId: 'local', secretAccessKey: 'local' };

export interface LocalEndpoints {
  readonly dynamodb: string;
  /** fauxqs: SQS, and S3 on the same endpoint. */
  readonly sqs: string;
}

export interface LocalClients {
  readonly dynamodb: DynamoDBClient;
  readonly sqs: SQSClient;
  readonly s3: S3Client;
}

export function localClients(endpoints: LocalEndpoints): LocalClients {
  const common = { region: LOCAL_REGION, credentials: localCredentials, maxAttempts: 2 };
  return {
    dynamodb: new DynamoDBClient({ ...common, endpoint: endpoints.dynamodb }),
    sqs: new SQSClient({ ...common, endpoint: endpoints.sqs }),
    // Path-style: a virtual-hosted bucket name would be a subdomain of 127.0.0.1, which does not resolve.
    s3: new S3Client({ ...common, endpoint: endpoints.sqs, forcePathStyle: true }),
  };
}
