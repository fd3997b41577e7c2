import { z } from 'zod';

/**
 * Where a running local stack keeps its emulators and files, served on loopback at
 * `GET /_local/stack` so `npm run replay` and `npm run send` (separate processes) can reach them.
 */
export const STACK_INFO_PATH = '/_local/stack';

export const stackInfoSchema = z.object({
  dynamodbEndpoint: z.string(),
  dynamodbEngine: z.enum(['dynamodb-local', 'dynalite']),
  sqsEndpoint: z.string(),
  tableName: z.string(),
  queueUrl: z.string(),
  deadLetterQueueUrl: z.string(),
  /** On the SQS endpoint: fauxqs serves S3 there too. */
  bodyBucket: z.string(),
  configFile: z.string(),
  secretsFile: z.string(),
});
export type StackInfo = z.infer<typeof stackInfoSchema>;

/** Asks the stack on `baseUrl`; a clear message when nothing runs there. */
export async function fetchStackInfo(baseUrl: string): Promise<StackInfo> {
  let response: Response;
  try {
    response = await fetch(`${baseUrl}${STACK_INFO_PATH}`);
  } catch {
    throw new Error(`no local gateway answers on ${baseUrl}: start it with \`npm start\` (same PORT)`);
  }
  if (!response.ok) throw new Error(`${baseUrl} is not a local webhook-gateway (status ${response.status})`);
  return stackInfoSchema.parse(await response.json());
}
