import { S3Client } from '@aws-sdk/client-s3';
import { functionEnv } from '../config/function-env.js';
import type { BodyStore } from '../ports.js';
import { S3BodyStore } from './s3-body-store.js';

/**
 * The bodies bucket of a deployed function. Only ingest and the worker import this: the S3 client stays
 * out of the other functions' bundles and cold starts.
 */
export function deployedBodyStore(): BodyStore {
  return new S3BodyStore(new S3Client({}), functionEnv(['bodyBucket']).bodyBucket);
}
