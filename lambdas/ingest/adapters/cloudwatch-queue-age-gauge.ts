import { type CloudWatchClient, GetMetricStatisticsCommand } from '@aws-sdk/client-cloudwatch';
import { DependencyError } from '../../shared/errors.js';
import type { Clock, QueueAgeGauge } from '../../shared/ports.js';

/**
 * The main queue's `ApproximateAgeOfOldestMessage` from CloudWatch (SQS's own queue attributes do not
 * report age). The newest datapoint of the last ten minutes; no datapoint means an idle queue.
 */
export class CloudWatchQueueAgeGauge implements QueueAgeGauge {
  constructor(
    private readonly client: CloudWatchClient,
    private readonly queueName: string,
    private readonly clock: Clock,
  ) {}

  async oldestMessageAgeSeconds(): Promise<number> {
    const end = new Date(this.clock());
    const start = new Date(end.getTime() - 10 * 60_000);
    try {
      const { Datapoints } = await this.client.send(
        new GetMetricStatisticsCommand({
          Namespace: 'AWS/SQS',
          MetricName: 'ApproximateAgeOfOldestMessage',
          Dimensions: [{ Name: 'QueueName', Value: this.queueName }],
          StartTime: start,
          EndTime: end,
          Period: 60,
          Statistics: ['Maximum'],
        }),
      );
      const newest = [...(Datapoints ?? [])].sort(
        (a, b) => (b.Timestamp?.getTime() ?? 0) - (a.Timestamp?.getTime() ?? 0),
      )[0];
      return newest?.Maximum ?? 0;
    } catch (error) {
      throw new DependencyError('CloudWatch GetMetricStatistics failed', { cause: error });
    }
  }
}
