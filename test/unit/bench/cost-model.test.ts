import { describe, expect, it } from 'vitest';
import {
  type Cost,
  costPerMillion,
  type Deployment,
  type EventCounts,
  PRICES,
  sampledPerSecond,
  sqsChunks,
  tiered,
} from '../../../bench/cost-model.js';

const KB = 1024;

/** A 1 KB event in round numbers; every expected figure below was worked out by hand from these. */
const counts: EventCounts = {
  label: '1 KB',
  bodyBytes: KB,
  writeUnits: 5,
  readUnits: 1,
  tableItems: 1,
  tableBytes: 924, // + 100 B overhead = 1 KiB
  indexItems: 1,
  indexBytes: 412, // + 100 B overhead = 512 B
  queueMessageBytes: 400,
  s3Puts: 0,
  s3Gets: 0,
  s3Bytes: 0,
  ingestMs: 20,
  workerCpuMs: 0.5,
  workerWaitMs: 6,
  ingestLogBytes: 600,
  workerLogBytes: 200,
};

const deployment: Deployment = {
  eventsPerMonth: 100e6,
  api: 'rest',
  capacity: 'on-demand',
  targetUtilization: 0.7,
  batchSize: 10,
  recordsInTurn: 10,
  memoryMB: { ingest: 512, worker: 512 },
  retentionDays: 30,
  traced: ['worker'],
  platformLogBytesPerInvocation: 300,
  accessLogBytesPerRequest: 240,
};

const lineOf = (cost: Cost, item: string): number => {
  const found = cost.lines.find((line) => line.item === item);
  if (found === undefined) throw new Error(`no line ${item} in ${cost.lines.map((l) => l.item).join(', ')}`);
  return found.usdPerMillion;
};

describe('cost per million events', () => {
  const cost = costPerMillion(counts, deployment);

  it('prices each line of a 1 KB event at 100 M a month, REST API, on demand', () => {
    expect(lineOf(cost, 'API Gateway (REST)')).toBeCloseTo(3.5, 6);
    // 1.1 invocations × $0.20
    expect(lineOf(cost, 'Lambda requests')).toBeCloseTo(0.22, 6);
    // A batch of one entity's ten records: 10 × 0.5 ms CPU + 10 × 6 ms waiting = 65 ms, 6.5 ms an event;
    // (20 ms + 6.5 ms) × 0.5 GB × $0.0000133334 × 1e6
    expect(lineOf(cost, 'Lambda duration')).toBeCloseTo(0.176668, 5);
    expect(lineOf(cost, 'DynamoDB writes')).toBeCloseTo(3.125, 6);
    expect(lineOf(cost, 'DynamoDB reads')).toBeCloseTo(0.125, 6);
    // 1 KiB for one month at $0.25 + $0.20: 0.953674 GB per million events × $0.45 = 0.429153,
    // plus the index's 512 B at $0.25 only: 0.476837 GB × $0.25 = 0.119209
    expect(lineOf(cost, 'DynamoDB storage + PITR')).toBeCloseTo(0.548362, 5);
    // 1 send + 1/10 receive + 1/10 delete = 1.2 requests × $0.50
    expect(lineOf(cost, 'SQS FIFO')).toBeCloseTo(0.6, 6);
    // 600 + 200 + 300 × 1.1 + 240 = 1370 B: 1.275912 GB per million events × $0.50
    expect(lineOf(cost, 'CloudWatch Logs')).toBeCloseTo(0.637956, 5);
    // 10 M worker invocations a month: 2,592,000 from the reservoir + 5% of the other 7,408,000 =
    // 2,962,400 traces × $5 per million, over 100 million events
    expect(lineOf(cost, 'X-Ray')).toBeCloseTo(0.14812, 6);
    expect(cost.lines.some((line) => line.item.startsWith('S3'))).toBe(false);
    expect(cost.totalPerMillion).toBeCloseTo(9.081106, 4);
  });

  it("bills a batch of ten entities' records for their CPU and one record's waiting", () => {
    const spread = costPerMillion(counts, { ...deployment, recordsInTurn: 1 });
    // 10 × 0.5 ms CPU + 1 × 6 ms waiting = 11 ms a batch, 1.1 ms an event:
    // (20 ms + 1.1 ms) × 0.5 GB × $0.0000133334 × 1e6
    expect(lineOf(spread, 'Lambda duration')).toBeCloseTo(0.140667, 5);
  });

  it('prices provisioned capacity at the target utilization of a steady month', () => {
    const provisioned = costPerMillion(counts, { ...deployment, capacity: 'provisioned' });
    // 38.58 events/s × 5 WRU / 0.7 = 275.57 WCU × 720 h × $0.00065 = $128.97 a month
    expect(lineOf(provisioned, 'DynamoDB writes (provisioned)')).toBeCloseTo(1.289683, 5);
    // 38.58 × 1 RRU / 0.7 = 55.11 RCU × 720 h × $0.00013 = $5.16 a month
    expect(lineOf(provisioned, 'DynamoDB reads (provisioned)')).toBeCloseTo(0.051587, 5);
    expect(provisioned.totalPerMillion).toBeCloseTo(9.081106 - 3.25 + 1.289683 + 0.051587, 4);
  });

  it('meters a 3 MiB body on the HTTP API in 512 KB steps, past the first price tier, and stores it in S3', () => {
    const large = costPerMillion(
      { ...counts, label: '3 MiB', bodyBytes: 3 * KB * KB, s3Puts: 1, s3Gets: 1, s3Bytes: 3 * KB * KB },
      { ...deployment, api: 'http' },
    );
    // 6 metered requests × 100 M = 600 M: 300 M × $1.00 + 300 M × $0.90 = $570 a month
    expect(lineOf(large, 'API Gateway (HTTP)')).toBeCloseTo(5.7, 6);
    // $0.005 + $0.0004 per thousand
    expect(lineOf(large, 'S3 requests')).toBeCloseTo(5.4, 6);
    // 3 MiB for 31 days: 2,929.69 GB per million events × 31/30 month × $0.023
    expect(lineOf(large, 'S3 storage')).toBeCloseTo(69.628906, 4);
  });

  it('bills each function for its own memory', () => {
    const smallWorker = costPerMillion(counts, { ...deployment, memoryMB: { ingest: 512, worker: 256 } });
    // (20 ms × 0.5 GB + 6.5 ms × 0.25 GB) × $0.0000133334 × 1e6
    expect(lineOf(smallWorker, 'Lambda duration')).toBeCloseTo(0.155001, 5);
  });

  it('counts a trace per sampled invocation of every traced function', () => {
    const both = costPerMillion(counts, { ...deployment, traced: ['ingest', 'worker'] });
    // ingest: 100 M invocations a month: 2,592,000 from the reservoir + 5% of the other 97,408,000 =
    // 7,462,400 traces × $5 per million, over 100 million events
    expect(lineOf(both, 'X-Ray')).toBeCloseTo(0.14812 + 0.37312, 5);
  });

  it('bills an HTTP API request of 1 KB as one request', () => {
    const http = costPerMillion(counts, { ...deployment, api: 'http' });
    expect(lineOf(http, 'API Gateway (HTTP)')).toBeCloseTo(1, 6);
  });
});

describe('pricing rules', () => {
  it('walks the REST API tiers', () => {
    expect(tiered(PRICES.restApi, 100e6)).toBeCloseTo(350, 6);
    // 333 M × $3.50 + 67 M × $2.80
    expect(tiered(PRICES.restApi, 400e6)).toBeCloseTo(1353.1, 6);
  });

  it('counts SQS requests in 64 KB chunks', () => {
    expect(sqsChunks(400)).toBe(1);
    expect(sqsChunks(64 * KB)).toBe(1);
    expect(sqsChunks(64 * KB + 1)).toBe(2);
  });

  it('samples the first invocation each second and 5% of the rest', () => {
    expect(sampledPerSecond(0.5)).toBeCloseTo(0.5, 6);
    expect(sampledPerSecond(21)).toBeCloseTo(2, 6);
  });
});
