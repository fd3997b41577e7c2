import { describe, expect, it } from 'vitest';
import { itemBytes } from '../../../bench/calls/item-size.js';
import { type AwsCall, sequentialChain, summarize } from '../../../bench/calls/trace.js';

const call = (command: string, startMs: number, endMs: number, service = 'DynamoDB'): AwsCall => ({
  service,
  command,
  startMs,
  endMs,
});

describe('the calls an answer waited for one after another', () => {
  it('counts calls awaited in turn', () => {
    const chain = sequentialChain([
      call('PutItem', 0, 10),
      call('SendMessage', 11, 20, 'SQS'),
      call('UpdateItem', 21, 30),
    ]);
    expect(chain.map((each) => each.command)).toEqual(['PutItem', 'SendMessage', 'UpdateItem']);
  });

  it('counts calls in flight together as one step', () => {
    const chain = sequentialChain([
      call('GetSecretValue', 0, 5, 'SecretsManager'),
      call('GetSecretValue', 1, 6, 'SecretsManager'),
      call('PutItem', 7, 12),
      call('SendMessage', 7, 15, 'SQS'),
    ]);
    expect(chain).toHaveLength(2);
  });

  it('leaves out calls still running when the handler answered', () => {
    const summary = summarize({
      status: 202,
      answeredMs: 20,
      calls: [call('PutItem', 0, 10), call('SendMessage', 11, 19, 'SQS'), call('UpdateItem', 19.5, 40)],
    });
    expect(summary).toMatchObject({ sequential: 2, unfinished: 1, dynamoWrites: 2, sqsSends: 1 });
    expect(summary.chain).toBe('DynamoDB.PutItem → SQS.SendMessage');
  });

  it('sums the capacity units DynamoDB reported, reads and writes apart', () => {
    const summary = summarize({
      status: 200,
      answeredMs: 30,
      calls: [
        { ...call('PutItem', 0, 10), capacityUnits: 2 },
        { ...call('GetItem', 11, 20), capacityUnits: 0.5 },
        call('SendMessage', 21, 29, 'SQS'),
      ],
    });
    expect(summary).toMatchObject({ dynamoReads: 1, readUnits: 0.5, writeUnits: 2, sequential: 3 });
  });
});

describe('item size by DynamoDB rules', () => {
  it('adds names and values: strings in UTF-8, numbers by significant digits, binary by length', () => {
    // "pk" 2 + "EVENT#a" 7, "n" 1 + 12345 → 3 digits pairs + 1 = 4, "b" 1 + 3 bytes, "ü" 2 + "é" 2
    expect(
      itemBytes({
        pk: { S: 'EVENT#a' },
        n: { N: '12345' },
        b: { B: new Uint8Array(3) },
        ü: { S: 'é' },
      }),
    ).toBe(2 + 7 + 1 + 4 + 1 + 3 + 2 + 2);
  });
});
