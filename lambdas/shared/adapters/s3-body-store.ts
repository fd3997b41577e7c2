import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { DependencyError } from '../errors.js';
import type { BodyStore } from '../ports.js';

/** Bodies as S3 objects in the stack's bucket (encrypted, TLS-only, expiring with the records). */
export class S3BodyStore implements BodyStore {
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
  ) {}

  async put(key: string, body: Uint8Array): Promise<void> {
    try {
      await this.client.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key: key,
          Body: body,
          ContentType: 'application/octet-stream',
        }),
      );
    } catch (error) {
      throw new DependencyError('S3 PutObject failed', { cause: error });
    }
  }

  async get(key: string): Promise<Uint8Array> {
    try {
      const output = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      if (output.Body === undefined) throw new Error(`object ${key} has no body`);
      return await output.Body.transformToByteArray();
    } catch (error) {
      throw new DependencyError('S3 GetObject failed', { cause: error });
    }
  }
}
