/**
 * What a million events cost on AWS, from per-event counts the bench measures and list prices. Pure
 * arithmetic: no I/O, no clock; docs/cost.md explains every line and cites a page for every price.
 */

/** A volume tier: the price per million units up to `upTo` units a month (cumulative). */
export interface Tier {
  readonly upTo: number;
  readonly usdPerMillion: number;
}

/** us-east-1 list prices, 2026 (docs/cost.md#prices-used). */
export const PRICES = {
  restApi: [
    { upTo: 333e6, usdPerMillion: 3.5 },
    { upTo: 1e9, usdPerMillion: 2.8 },
    { upTo: 20e9, usdPerMillion: 2.38 },
    { upTo: Number.POSITIVE_INFINITY, usdPerMillion: 1.51 },
  ] as readonly Tier[],
  httpApi: [
    { upTo: 300e6, usdPerMillion: 1.0 },
    { upTo: Number.POSITIVE_INFINITY, usdPerMillion: 0.9 },
  ] as readonly Tier[],
  /** HTTP APIs meter requests in 512 KB increments. */
  httpApiMeteredBytes: 512 * 1024,
  lambdaRequestsPerMillion: 0.2,
  /** arm64, first 7.5 billion GB-seconds a month. */
  lambdaArmGbSecond: 0.0000133334,
  dynamoWriteUnitsPerMillion: 0.625,
  dynamoReadUnitsPerMillion: 0.125,
  dynamoWcuHour: 0.00065,
  dynamoRcuHour: 0.00013,
  dynamoStorageGbMonth: 0.25,
  dynamoPitrGbMonth: 0.2,
  /** DynamoDB bills each item's raw bytes plus this much for indexing. */
  dynamoItemOverheadBytes: 100,
  sqsFifoPerMillion: 0.5,
  /** SQS bills every 64 KB chunk of a request's payload as one request. */
  sqsChunkBytes: 64 * 1024,
  s3PutPerThousand: 0.005,
  s3GetPerThousand: 0.0004,
  s3StorageGbMonth: 0.023,
  logsIngestedGb: 0.5,
  xrayTracesPerMillion: 5,
  /** Lambda's sampling with active tracing: the first request each second, then 5% of the rest. */
  xrayReservoirPerSecond: 1,
  xrayRate: 0.05,
} as const;

export type Prices = typeof PRICES;

/** A steady month: 30 days, so 100 M events a month is ≈38.6 events a second. */
export const MONTH_SECONDS = 30 * 86_400;
const MONTH_HOURS = MONTH_SECONDS / 3600;
/** Storage is billed per GB-month of 2^30 bytes. */
const GB = 2 ** 30;

/** What one accepted event costs in requests, bytes and time; measured by the bench where it can. */
export interface EventCounts {
  readonly label: string;
  /** Body size as received: API Gateway's HTTP API metering depends on it. */
  readonly bodyBytes: number;
  /** DynamoDB write and read request units of ingest and worker together, indexes included. */
  readonly writeUnits: number;
  readonly readUnits: number;
  /** Items the event keeps in the table for `retentionDays`, and their bytes (names + values). */
  readonly tableItems: number;
  readonly tableBytes: number;
  /** Its entries in the attention index (keys + projected attributes), kept as long. */
  readonly indexItems: number;
  readonly indexBytes: number;
  /** The one SendMessage's payload: body plus message attributes. */
  readonly queueMessageBytes: number;
  readonly s3Puts: number;
  readonly s3Gets: number;
  /** Bytes kept in S3 for the bucket's expiration (`retentionDays` + 1). */
  readonly s3Bytes: number;
  /** Billed duration of the ingest invocation. */
  readonly ingestMs: number;
  /** The worker's CPU time per record: a batch's records share one thread, so these add up. */
  readonly workerCpuMs: number;
  /**
   * What a record waits for (its DynamoDB calls in turn and the downstream's answer): records of one
   * message group wait one after another, the batch's groups at the same time.
   */
  readonly workerWaitMs: number;
  /** What each function prints per event (stdout: log lines and EMF). */
  readonly ingestLogBytes: number;
  readonly workerLogBytes: number;
}

/** How the stack runs and how much traffic it gets. */
export interface Deployment {
  readonly eventsPerMonth: number;
  readonly api: 'rest' | 'http';
  readonly capacity: 'on-demand' | 'provisioned';
  /** Provisioned only: the utilization auto scaling aims for (0.7 for 70%). */
  readonly targetUtilization: number;
  /** SQS messages per worker invocation. */
  readonly batchSize: number;
  /** A batch's records that wait one after another: its largest message group (1: every record another entity's). */
  readonly recordsInTurn: number;
  /** Each function's memory: Lambda bills duration × memory. */
  readonly memoryMB: { readonly ingest: number; readonly worker: number };
  readonly retentionDays: number;
  /** Functions with active tracing: a sampled invocation is one trace. */
  readonly traced: readonly ('ingest' | 'worker')[];
  /** Lambda's START/END/REPORT lines per invocation. */
  readonly platformLogBytesPerInvocation: number;
  /** The API's access log line per request. */
  readonly accessLogBytesPerRequest: number;
}

export interface CostLine {
  readonly item: string;
  readonly usdPerMillion: number;
  /** The arithmetic, in words. */
  readonly basis: string;
}

export interface Cost {
  readonly label: string;
  readonly deployment: Deployment;
  readonly lines: readonly CostLine[];
  readonly totalPerMillion: number;
}

/** The monthly bill for `units` of a tiered price. */
export function tiered(tiers: readonly Tier[], units: number): number {
  let usd = 0;
  let from = 0;
  for (const tier of tiers) {
    if (units <= from) break;
    usd += ((Math.min(units, tier.upTo) - from) / 1e6) * tier.usdPerMillion;
    from = tier.upTo;
  }
  return usd;
}

/** Sampled invocations a second under a reservoir-and-rate rule, at a steady rate. */
export function sampledPerSecond(invocationsPerSecond: number, prices: Prices = PRICES): number {
  const reservoir = Math.min(invocationsPerSecond, prices.xrayReservoirPerSecond);
  return reservoir + prices.xrayRate * (invocationsPerSecond - reservoir);
}

/** SQS requests one request of `bytes` payload is billed as. */
export const sqsChunks = (bytes: number, prices: Prices = PRICES): number =>
  Math.max(1, Math.ceil(bytes / prices.sqsChunkBytes));

const round = (value: number, digits = 4): string => String(Number(value.toFixed(digits)));

/** The cost of a million events like `counts` at `deployment`'s volume, line by line. */
export function costPerMillion(counts: EventCounts, deployment: Deployment, prices: Prices = PRICES): Cost {
  const { eventsPerMonth, batchSize } = deployment;
  const millions = eventsPerMonth / 1e6;
  const perSecond = eventsPerMonth / MONTH_SECONDS;
  const monthly = (usdPerMonth: number) => usdPerMonth / millions;
  const storageMonths = (days: number) => days / 30;
  const lines: CostLine[] = [];
  const line = (item: string, usdPerMillion: number, basis: string) =>
    lines.push({ item, usdPerMillion, basis });

  // API Gateway: one request per delivery; HTTP APIs count every started 512 KB as one.
  if (deployment.api === 'rest') {
    line('API Gateway (REST)', monthly(tiered(prices.restApi, eventsPerMonth)), '1 request per event');
  } else {
    const metered = Math.max(1, Math.ceil(counts.bodyBytes / prices.httpApiMeteredBytes));
    line(
      'API Gateway (HTTP)',
      monthly(tiered(prices.httpApi, eventsPerMonth * metered)),
      `${metered} metered request(s) per event`,
    );
  }

  // Lambda: the ingest per event, the worker per batch; billed milliseconds rounded up per invocation.
  // A batch is its records' CPU one after another plus the waits of its largest message group.
  const ingestGb = deployment.memoryMB.ingest / 1024;
  const workerGb = deployment.memoryMB.worker / 1024;
  const ingestSeconds = Math.ceil(counts.ingestMs) / 1000;
  const batchMs = Math.ceil(
    counts.workerCpuMs * batchSize + counts.workerWaitMs * Math.min(deployment.recordsInTurn, batchSize),
  );
  const workerSeconds = batchMs / 1000 / batchSize;
  const invocations = 1 + 1 / batchSize;
  line(
    'Lambda requests',
    invocations * prices.lambdaRequestsPerMillion,
    `${round(invocations)} invocations per event (ingest + worker batch of ${batchSize})`,
  );
  line(
    'Lambda duration',
    (ingestSeconds * ingestGb + workerSeconds * workerGb) * prices.lambdaArmGbSecond * 1e6,
    `${round(ingestSeconds * 1000, 1)} ms × ${ingestGb} GB + ${batchMs} ms per batch of ${batchSize} × ${workerGb} GB`,
  );

  // DynamoDB throughput.
  if (deployment.capacity === 'on-demand') {
    line(
      'DynamoDB writes',
      counts.writeUnits * prices.dynamoWriteUnitsPerMillion,
      `${counts.writeUnits} WRU per event`,
    );
    line(
      'DynamoDB reads',
      counts.readUnits * prices.dynamoReadUnitsPerMillion,
      `${counts.readUnits} RRU per event`,
    );
  } else {
    const wcu = (perSecond * counts.writeUnits) / deployment.targetUtilization;
    const rcu = (perSecond * counts.readUnits) / deployment.targetUtilization;
    line(
      'DynamoDB writes (provisioned)',
      monthly(wcu * MONTH_HOURS * prices.dynamoWcuHour),
      `${round(wcu, 1)} WCU at ${deployment.targetUtilization * 100}% for ${round(perSecond, 1)} events/s`,
    );
    line(
      'DynamoDB reads (provisioned)',
      monthly(rcu * MONTH_HOURS * prices.dynamoRcuHour),
      `${round(rcu, 1)} RCU at ${deployment.targetUtilization * 100}% for ${round(perSecond, 1)} events/s`,
    );
  }
  // Each event stays `retentionDays`; point-in-time recovery is billed on the table's size, the
  // index's entries on storage only.
  const tableBytes = counts.tableBytes + counts.tableItems * prices.dynamoItemOverheadBytes;
  const indexBytes = counts.indexBytes + counts.indexItems * prices.dynamoItemOverheadBytes;
  const months = storageMonths(deployment.retentionDays);
  line(
    'DynamoDB storage + PITR',
    ((tableBytes * (prices.dynamoStorageGbMonth + prices.dynamoPitrGbMonth) +
      indexBytes * prices.dynamoStorageGbMonth) /
      GB) *
      months *
      1e6,
    `${tableBytes} B table + ${indexBytes} B index for ${deployment.retentionDays} days`,
  );

  // SQS FIFO: one send per event; the event source mapping receives and deletes a batch at a time.
  const sends = sqsChunks(counts.queueMessageBytes, prices);
  const receives = sqsChunks(counts.queueMessageBytes * batchSize, prices) / batchSize;
  const deletes = 1 / batchSize;
  const sqsRequests = sends + receives + deletes;
  line(
    'SQS FIFO',
    sqsRequests * prices.sqsFifoPerMillion,
    `${round(sqsRequests)} requests per event (${counts.queueMessageBytes} B message)`,
  );

  // S3 only for bodies above the offload threshold.
  if (counts.s3Puts > 0 || counts.s3Gets > 0 || counts.s3Bytes > 0) {
    line(
      'S3 requests',
      (counts.s3Puts * prices.s3PutPerThousand + counts.s3Gets * prices.s3GetPerThousand) * 1000,
      `${counts.s3Puts} PUT + ${counts.s3Gets} GET per event`,
    );
    const days = deployment.retentionDays + 1;
    line(
      'S3 storage',
      (counts.s3Bytes / GB) * storageMonths(days) * prices.s3StorageGbMonth * 1e6,
      `${counts.s3Bytes} B for ${days} days`,
    );
  }

  // CloudWatch Logs ingestion.
  const logBytes =
    counts.ingestLogBytes +
    counts.workerLogBytes +
    deployment.platformLogBytesPerInvocation * invocations +
    deployment.accessLogBytesPerRequest;
  line(
    'CloudWatch Logs',
    (logBytes / GB) * prices.logsIngestedGb * 1e6,
    `${round(logBytes, 0)} B ingested per event`,
  );

  // X-Ray: sampled invocations of the traced functions.
  const tracesPerSecond = deployment.traced
    .map((fn) => sampledPerSecond(fn === 'ingest' ? perSecond : perSecond / batchSize, prices))
    .reduce((sum, each) => sum + each, 0);
  line(
    'X-Ray',
    monthly(((tracesPerSecond * MONTH_SECONDS) / 1e6) * prices.xrayTracesPerMillion),
    `${round(tracesPerSecond, 2)} traces/s (${deployment.traced.join(' + ') || 'nothing'} traced)`,
  );

  return {
    label: counts.label,
    deployment,
    lines,
    totalPerMillion: lines.reduce((sum, each) => sum + each.usdPerMillion, 0),
  };
}

/**
 * The lines the defaults settle whatever the code does per event (API Gateway's and Lambda's
 * requests, SQS, the writes, storage with point-in-time recovery, X-Ray), by the names
 * `costPerMillion` gives them: the part of a cost no change of the code's own work lowers.
 */
const SETTLED_LINES = /^(API Gateway|Lambda requests|SQS|DynamoDB writes|DynamoDB storage|X-Ray)/;
export const settledPerMillion = (cost: Cost): number =>
  cost.lines
    .filter((line) => SETTLED_LINES.test(line.item))
    .reduce((sum, line) => sum + line.usdPerMillion, 0);
