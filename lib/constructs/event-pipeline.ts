import { Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { QUEUE } from '../../lambdas/shared/resources.js';
import { grantKeyUse, type KeyAction } from './key-grants.js';

export interface EventPipelineProps {
  /** The worker's timeout; the queue's visibility timeout is six times it (docs/architecture.md#limits-and-aws-facts-the-code-relies-on). */
  readonly workerTimeout: Duration;
  /**
   * How many times a message is received before SQS moves it to the dead-letter queue.
   * @default 5
   */
  readonly maxReceiveCount?: number;
  /**
   * A customer managed key to encrypt both queues with.
   * @default - SQS-managed encryption
   */
  readonly encryptionKey?: kms.IKey;
}

// What SQS needs from a caller when the queue is encrypted with a customer managed key.
const SEND_KEY: readonly KeyAction[] = ['kms:GenerateDataKey', 'kms:Decrypt'];
const RECEIVE_KEY: readonly KeyAction[] = ['kms:Decrypt'];

/** Receive, hide and delete: what a consumer (the event source mapping, replay) does with a queue. */
const CONSUME_ACTIONS = [
  'sqs:ReceiveMessage',
  'sqs:ChangeMessageVisibility',
  'sqs:DeleteMessage',
  'sqs:GetQueueAttributes',
];

/**
 * The SQS FIFO queue between ingest and worker, in high-throughput mode (dedupe per message group,
 * throughput per group), and its FIFO dead-letter queue kept for the maximum 14 days. Both are
 * encrypted (SQS-managed keys unless a customer managed key is given) and refuse plain HTTP.
 */
export class EventPipeline extends Construct {
  public readonly queue: sqs.Queue;
  public readonly deadLetterQueue: sqs.Queue;
  public readonly encryptionKey: kms.IKey | undefined;

  constructor(scope: Construct, id: string, props: EventPipelineProps) {
    super(scope, id);
    this.encryptionKey = props.encryptionKey;
    const encryption =
      props.encryptionKey === undefined
        ? { encryption: sqs.QueueEncryption.SQS_MANAGED }
        : { encryption: sqs.QueueEncryption.KMS, encryptionMasterKey: props.encryptionKey };
    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetterQueue', {
      fifo: true,
      retentionPeriod: Duration.seconds(QUEUE.deadLetterRetentionSeconds),
      ...encryption,
      enforceSSL: true,
      // Declares it a dead-letter queue (Control Tower's DLQ rule); naming the main queue here would
      // make the two queues refer to each other, which CloudFormation cannot create.
      redriveAllowPolicy: { redrivePermission: sqs.RedrivePermission.ALLOW_ALL },
    });
    this.queue = new sqs.Queue(this, 'Queue', {
      fifo: true,
      deduplicationScope: sqs.DeduplicationScope.MESSAGE_GROUP,
      fifoThroughputLimit: sqs.FifoThroughputLimit.PER_MESSAGE_GROUP_ID,
      visibilityTimeout: Duration.seconds(QUEUE.visibilityTimeoutSeconds(props.workerTimeout.toSeconds())),
      retentionPeriod: Duration.seconds(QUEUE.retentionSeconds),
      maxMessageSizeBytes: QUEUE.maxMessageBytes,
      ...encryption,
      enforceSSL: true,
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: props.maxReceiveCount ?? 5 },
    });
  }

  /** SendMessage on the main queue, nothing else. */
  public grantEnqueue(grantee: iam.IGrantable): iam.Grant {
    return this.grantOn(grantee, this.queue, ['sqs:SendMessage'], SEND_KEY);
  }

  /**
   * What the event source mapping needs to feed the worker (receive, delete, read attributes) and
   * what the worker does itself: extend visibility (backoff) and delete (after dead-lettering).
   */
  public grantConsume(grantee: iam.IGrantable): iam.Grant {
    return this.grantOn(grantee, this.queue, CONSUME_ACTIONS, RECEIVE_KEY);
  }

  /** SendMessage on the dead-letter queue (a permanent failure goes there at once). */
  public grantDeadLetter(grantee: iam.IGrantable): iam.Grant {
    return this.grantOn(grantee, this.deadLetterQueue, ['sqs:SendMessage'], SEND_KEY);
  }

  /** Receive, hide and delete on the dead-letter queue: replay is receive → send → delete. */
  public grantDrainDeadLetters(grantee: iam.IGrantable): iam.Grant {
    return this.grantOn(
      grantee,
      this.deadLetterQueue,
      CONSUME_ACTIONS.filter((action) => action !== 'sqs:GetQueueAttributes'),
      RECEIVE_KEY,
    );
  }

  private grantOn(
    grantee: iam.IGrantable,
    queue: sqs.Queue,
    actions: readonly string[],
    keyActions: readonly KeyAction[],
  ): iam.Grant {
    grantKeyUse(grantee, this.encryptionKey, keyActions);
    return iam.Grant.addToPrincipal({ grantee, actions: [...actions], resourceArns: [queue.queueArn] });
  }
}
