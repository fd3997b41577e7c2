import { Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { QUEUE } from '../../lambdas/shared/resources.js';

export interface EventPipelineProps {
  /** The worker's timeout; the queue's visibility timeout is six times it (DESIGN §11). */
  readonly workerTimeout: Duration;
  /**
   * How many times a message is received before SQS moves it to the dead-letter queue.
   * @default 5
   */
  readonly maxReceiveCount?: number;
}

/**
 * The SQS FIFO queue between ingest and worker, in high-throughput mode (dedupe per message group,
 * throughput per group), and its FIFO dead-letter queue kept for the maximum 14 days. Both are
 * encrypted with SQS-managed keys and refuse plain HTTP.
 */
export class EventPipeline extends Construct {
  public readonly queue: sqs.Queue;
  public readonly deadLetterQueue: sqs.Queue;

  constructor(scope: Construct, id: string, props: EventPipelineProps) {
    super(scope, id);
    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetterQueue', {
      fifo: true,
      retentionPeriod: Duration.seconds(QUEUE.deadLetterRetentionSeconds),
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
    });
    this.queue = new sqs.Queue(this, 'Queue', {
      fifo: true,
      deduplicationScope: sqs.DeduplicationScope.MESSAGE_GROUP,
      fifoThroughputLimit: sqs.FifoThroughputLimit.PER_MESSAGE_GROUP_ID,
      visibilityTimeout: Duration.seconds(QUEUE.visibilityTimeoutSeconds(props.workerTimeout.toSeconds())),
      retentionPeriod: Duration.seconds(QUEUE.retentionSeconds),
      maxMessageSizeBytes: QUEUE.maxMessageBytes,
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: props.maxReceiveCount ?? 5 },
    });
  }

  /** SendMessage on the main queue, nothing else. */
  public grantEnqueue(grantee: iam.IGrantable): iam.Grant {
    return iam.Grant.addToPrincipal({
      grantee,
      actions: ['sqs:SendMessage'],
      resourceArns: [this.queue.queueArn],
    });
  }

  /**
   * What the worker does with its own messages beyond the event source mapping's consume rights:
   * extend visibility (backoff) and delete (after dead-lettering by hand).
   */
  public grantConsume(grantee: iam.IGrantable): iam.Grant {
    return this.queue.grantConsumeMessages(grantee);
  }

  /** SendMessage on the dead-letter queue (a permanent failure goes there at once). */
  public grantDeadLetter(grantee: iam.IGrantable): iam.Grant {
    return iam.Grant.addToPrincipal({
      grantee,
      actions: ['sqs:SendMessage'],
      resourceArns: [this.deadLetterQueue.queueArn],
    });
  }

  /** Receive, hide and delete on the dead-letter queue: replay is receive → send → delete. */
  public grantDrainDeadLetters(grantee: iam.IGrantable): iam.Grant {
    return iam.Grant.addToPrincipal({
      grantee,
      actions: [
        'sqs:ReceiveMessage',
        'sqs:ChangeMessageVisibility',
        'sqs:DeleteMessage',
        'sqs:GetQueueAttributes',
      ],
      resourceArns: [this.deadLetterQueue.queueArn],
    });
  }
}
