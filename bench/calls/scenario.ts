import { setTimeout as sleep } from 'node:timers/promises';
import { type AttributeValue, type DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import {
  type GetSecretValueCommandInput,
  ResourceNotFoundException,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import type { Message } from '@aws-sdk/client-sqs';
import type { InitializeHandlerArguments, MiddlewareStack } from '@smithy/types';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { createIngestHandler } from '../../lambdas/ingest/create-handler.js';
import { buildIngestDeps } from '../../lambdas/ingest/deps.js';
import { SecretsManagerSource } from '../../lambdas/shared/adapters/secrets-manager-source.js';
import { MAX_BODY_BYTES } from '../../lambdas/shared/config/schema.js';
import { parseConfig } from '../../lambdas/shared/config/validate.js';
import type { BodyStore } from '../../lambdas/shared/ports.js';
import { TABLE } from '../../lambdas/shared/resources.js';
import type { RuntimeContext } from '../../lambdas/shared/runtime-context.js';
import { createWorkerHandler } from '../../lambdas/worker/create-handler.js';
import { buildWorkerDeps } from '../../lambdas/worker/deps.js';
import { invocationContext } from '../../local/invocation-context.js';
import { toSqsRecord } from '../../local/sqs-records.js';
import { drainQueue, startBackends } from '../../test/support/backends.js';
import { BENCH_SECRET } from '../cpu/events.js';
import type { ChildRequest, ChildResult } from '../cpu/protocol.js';
import { githubPushBody } from '../support/payload.js';
import { BENCH_SOURCE_ID, signedGithubDelivery } from '../support/requests.js';
import { indexEntryOf, itemBytes } from './item-size.js';
import type { AwsCall, CallTrace } from './trace.js';

const KB = 1024;
/** The sizes priced in docs/cost.md besides the 1 KB of the warm requests. */
const OTHER_SIZES = [32 * KB, 3 * KB * KB];

/** A call being recorded: its end and what DynamoDB reported are filled in when it returns. */
type Pending = { -readonly [K in keyof Omit<AwsCall, 'endMs'>]: AwsCall[K] } & { endMs?: number };

/** Records every call made through the clients it is attached to, with start and end times. */
class CallRecorder {
  private calls: Pending[] = [];
  private origin = performance.now();

  now(): number {
    return performance.now() - this.origin;
  }

  /** Starts a new trace: times count from here. */
  reset(): void {
    this.calls = [];
    this.origin = performance.now();
  }

  /** Ends a trace: every call it recorded; one still running ends at Number.MAX_VALUE (JSON has no ∞). */
  take(): AwsCall[] {
    const calls = this.calls.map((call) => ({ ...call, endMs: call.endMs ?? Number.MAX_VALUE }));
    this.calls = [];
    return calls;
  }

  async record<T>(call: Omit<Pending, 'startMs'>, work: (pending: Pending) => Promise<T>): Promise<T> {
    const pending: Pending = { ...call, startMs: this.now() };
    this.calls.push(pending);
    try {
      return await work(pending);
    } finally {
      pending.endMs = this.now();
    }
  }

  /** Outermost middleware of a client's stack: the whole `send`, retries included, is one call. */
  attach<I extends object, O extends object>(stack: MiddlewareStack<I, O>, service: string): void {
    stack.add(
      (next, context) => async (args: InitializeHandlerArguments<I>) => {
        // DynamoDB Local reports what each request consumed, index writes included.
        if (service === 'DynamoDB')
          (args.input as { ReturnConsumedCapacity?: string }).ReturnConsumedCapacity ??= 'INDEXES';
        const call: Omit<Pending, 'startMs'> = {
          service,
          command: (context.commandName ?? 'Unknown').replace(/Command$/, ''),
          ...sendDetails(args),
        };
        return this.record(call, async (pending) => {
          const result = await next(args);
          const units = capacityUnits(result.output);
          if (units !== undefined) pending.capacityUnits = units;
          return result;
        });
      },
      { step: 'initialize', priority: 'high', name: 'benchCallRecorder' },
    );
  }

  /** An in-memory body store recorded as S3 PutObject/GetObject. */
  bodyStore(): BodyStore {
    const objects = new Map<string, Uint8Array>();
    return {
      put: (key, body) =>
        this.record({ service: 'S3', command: 'PutObject' }, async () => {
          objects.set(key, body);
        }),
      get: (key) =>
        this.record({ service: 'S3', command: 'GetObject' }, async () => {
          const body = objects.get(key);
          if (body === undefined) throw new Error(`no body object ${key}`);
          return body;
        }),
    };
  }
}

/** The capacity units a DynamoDB answer reports (one entry, or one per table for batches). */
function capacityUnits(output: unknown): number | undefined {
  const consumed = (output as { ConsumedCapacity?: unknown }).ConsumedCapacity;
  if (consumed === undefined) return undefined;
  const entries = (Array.isArray(consumed) ? consumed : [consumed]) as { CapacityUnits?: number }[];
  return entries.reduce((sum, entry) => sum + (entry.CapacityUnits ?? 0), 0);
}

/** What SQS bills a SendMessage for (body + attributes) and its deduplication id. */
function sendDetails(args: { input: object }): Pick<AwsCall, 'payloadBytes' | 'deduplicationId'> {
  const input = args.input as {
    MessageBody?: string;
    MessageDeduplicationId?: string;
    MessageAttributes?: Record<string, { DataType?: string; StringValue?: string }>;
  };
  if (input.MessageBody === undefined) return {};
  const attributes = Object.entries(input.MessageAttributes ?? {}).reduce(
    (sum, [name, value]) =>
      sum +
      Buffer.byteLength(name) +
      Buffer.byteLength(value.DataType ?? '') +
      Buffer.byteLength(value.StringValue ?? ''),
    0,
  );
  return {
    payloadBytes: Buffer.byteLength(input.MessageBody) + attributes,
    deduplicationId: input.MessageDeduplicationId,
  };
}

/** Secrets Manager answered in process (a ms late): the real adapter and cache above it, no network. */
function answeringSecretsClient(signingSecret: string): SecretsManagerClient {
  const client = new SecretsManagerClient({
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  client.middlewareStack.add(
    () => async (args) => {
      await sleep(1);
      const input = args.input as GetSecretValueCommandInput;
      if (input.VersionStage === 'AWSPREVIOUS')
        throw new ResourceNotFoundException({ message: 'no previous version', $metadata: {} });
      return { output: { SecretString: JSON.stringify({ signingSecret }), $metadata: {} }, response: {} };
    },
    { step: 'build', name: 'benchSecrets' },
  );
  return client;
}

async function scanAll(client: DynamoDBClient, tableName: string): Promise<Record<string, AttributeValue>[]> {
  const items: Record<string, AttributeValue>[] = [];
  let start: Record<string, AttributeValue> | undefined;
  do {
    const page = await client.send(new ScanCommand({ TableName: tableName, ExclusiveStartKey: start }));
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start !== undefined);
  return items;
}

interface Delivery {
  readonly id: string;
  readonly bodyBytes: number;
  readonly event: APIGatewayProxyEvent;
}

/**
 * A signed delivery of its own entity (FIFO group), so no message waits behind another's. The id
 * seeds the body: the same bytes every run, so the item sizes and units are too.
 */
function delivery(name: string, bodyBytes: number): Delivery {
  const id = `bench-${name}`;
  const body = githubPushBody(id, `acme/${id}`, bodyBytes);
  return { id, bodyBytes, event: signedGithubDelivery(BENCH_SECRET, id, body) };
}

/**
 * Ingest and worker as deployed (`buildIngestDeps`, `buildWorkerDeps` on a runtime context) against
 * DynamoDB Local (dynalite without Java) and fauxqs, every SDK call recorded: a container's first
 * request, warm 1 KB requests, a duplicate, 32 KB and 3 MiB bodies, then the worker on each message.
 */
export async function measureAwsCalls(request: ChildRequest): Promise<ChildResult> {
  const backends = await startBackends();
  const secretsClient = answeringSecretsClient(BENCH_SECRET);
  try {
    const recorder = new CallRecorder();
    recorder.attach(backends.clients.dynamodb.middlewareStack, 'DynamoDB');
    recorder.attach(backends.clients.sqs.middlewareStack, 'SQS');
    recorder.attach(secretsClient.middlewareStack, 'SecretsManager');
    const config = parseConfig({
      sources: [
        {
          id: BENCH_SOURCE_ID,
          scheme: 'github',
          entityId: 'body:repository.full_name',
          maxBodyBytes: MAX_BODY_BYTES,
        },
      ],
    });
    const context: RuntimeContext = {
      ...(await backends.createContext(config, new SecretsManagerSource(secretsClient))),
      bodies: recorder.bodyStore(),
    };
    const ingest = createIngestHandler(buildIngestDeps(context));
    const worker = createWorkerHandler(buildWorkerDeps(context));
    const ingestContext = invocationContext({ functionName: 'webhook-gateway-ingest' });
    const workerContext = invocationContext({ functionName: 'webhook-gateway-worker' });

    const traced = async (run: () => Promise<number>): Promise<CallTrace> => {
      recorder.reset();
      const status = await run();
      const answeredMs = recorder.now();
      // Give calls nobody awaited the time to show up as unfinished rather than vanish.
      await sleep(20);
      return { status, answeredMs, calls: recorder.take() };
    };
    const post = (each: Delivery) => traced(async () => (await ingest(each.event, ingestContext)).statusCode);
    // A warm container re-reads a source's lag mark every 30 s; the emulators' slow first requests
    // can put that refresh into a measured request. An unmeasured request just before takes it.
    let refreshes = 0;
    const postWarm = async (each: Delivery) => {
      await post(delivery(`refresh-${refreshes++}`, KB));
      return post(each);
    };

    const cold = await post(delivery('cold', request.bodyBytes));
    const warmDeliveries = Array.from({ length: request.eventsPerRound }, (_, index) =>
      delivery(`warm-${index}`, request.bodyBytes),
    );
    const warm: CallTrace[] = [];
    for (const each of warmDeliveries) warm.push(await postWarm(each));
    const first = warmDeliveries[0];
    if (first === undefined) throw new Error('no warm deliveries');
    const duplicate = await postWarm(first);
    const bySize: { bodyBytes: number; trace: CallTrace }[] = [];
    const sized: Delivery[] = [first];
    for (const bytes of OTHER_SIZES) {
      const each = delivery(`size-${bytes}`, bytes);
      sized.push(each);
      bySize.push({ bodyBytes: bytes, trace: await postWarm(each) });
    }

    // The worker, on what ingest queued: the cold event's message first (it warms the container).
    const queued = await drainQueue(backends.clients, context.queueUrl);
    const byDeduplicationId = new Map<string, Message>(
      queued.map((message) => [message.Attributes?.MessageDeduplicationId ?? '', message]),
    );
    const messagesOf = (traces: readonly CallTrace[]): Message[] =>
      traces.flatMap((trace) =>
        trace.calls.flatMap((call) => {
          const message = byDeduplicationId.get(call.deduplicationId ?? '');
          return call.command === 'SendMessage' && message !== undefined ? [message] : [];
        }),
      );
    const queueArn = 'arn:aws:sqs:us-east-1:000000000000:events.fifo';
    // One record per invocation, one after another: the chain is then the records' own waits end to
    // end (in a batch, the worker runs other entities' records at the same time).
    const work = (messages: readonly Message[]) =>
      traced(async () => {
        for (const message of messages) {
          const response = await worker(
            { Records: [toSqsRecord(message, queueArn, Date.now())] },
            workerContext,
          );
          if (response.batchItemFailures.length > 0)
            throw new Error(`the worker failed message ${message.MessageId ?? '?'}`);
        }
        return 200;
      });
    await work(messagesOf([cold]));
    const workerTraces: { bodyBytes: number; events: number; trace: CallTrace }[] = [];
    const warmMessages = messagesOf(warm);
    workerTraces.push({
      bodyBytes: request.bodyBytes,
      events: warmMessages.length,
      trace: await work(warmMessages),
    });
    for (const { bodyBytes, trace } of bySize) {
      const messages = messagesOf([trace]);
      if (messages.length > 0)
        workerTraces.push({ bodyBytes, events: messages.length, trace: await work(messages) });
    }
    // What each size leaves in the table: the items whose key names its delivery.
    const items = await scanAll(backends.clients.dynamodb, context.tableName);
    const stored = sized.map(({ id, bodyBytes }) => {
      const mine = items.filter((item) => JSON.stringify(item[TABLE.partitionKey] ?? {}).includes(id));
      const indexed = mine.map(indexEntryOf).filter((entry) => entry !== undefined);
      return {
        bodyBytes,
        items: mine.length,
        bytes: mine.reduce((sum, item) => sum + itemBytes(item), 0),
        indexEntries: indexed.length,
        indexBytes: indexed.reduce((sum, entry) => sum + itemBytes(entry), 0),
      };
    });
    return {
      kind: 'calls',
      engine: backends.engine,
      ingest: { cold, warm, duplicate, bySize },
      worker: workerTraces,
      stored,
    };
  } finally {
    secretsClient.destroy();
    await backends.stop();
  }
}
