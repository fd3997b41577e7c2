import type { APIGatewayProxyEvent, SQSRecord } from 'aws-lambda';
import { signRequest } from '../../lambdas/ingest/signatures/index.js';
import type { StoredEvent } from '../../lambdas/shared/domain/event.js';
import { groupIdOf } from '../../lambdas/shared/domain/ids.js';
import { encodeQueueMessage } from '../../lambdas/shared/domain/queue-message.js';
import { toProxyEvent } from '../../local/api-gateway-event.js';
import { toSqsRecord } from '../../local/sqs-records.js';

export const BENCH_SOURCE_ID = 'bench-github';
export const BENCH_REPOSITORY = 'acme/widgets';

/** A GitHub delivery signed with `secret`, as API Gateway's REST proxy hands it to the ingest λ. */
export function signedGithubDelivery(
  secret: string,
  deliveryId: string,
  body: Uint8Array,
  sourceId = BENCH_SOURCE_ID,
): APIGatewayProxyEvent {
  const signed = signRequest('github', { secret, body, nowSeconds: 0, id: deliveryId, eventType: 'push' });
  return toProxyEvent({
    method: 'POST',
    resource: '/webhooks/{sourceId}',
    path: `/webhooks/${sourceId}`,
    pathParameters: { sourceId },
    headers: {
      Accept: '*/*',
      'Content-Type': 'application/json',
      'User-Agent': 'GitHub-Hookshot/7a3c2b1',
      'X-GitHub-Hook-ID': '492513401',
      'X-GitHub-Hook-Installation-Target-ID': '1296269',
      'X-GitHub-Hook-Installation-Target-Type': 'repository',
      'X-Forwarded-For': '140.82.115.1',
      'X-Forwarded-Port': '443',
      'X-Forwarded-Proto': 'https',
      ...signed,
    },
    body,
    sourceIp: '140.82.115.1',
  });
}

/** An SQS record for a stored event, shaped as the event source mapping delivers it. */
export function sqsRecordFor(event: StoredEvent, messageId: string): SQSRecord {
  return toSqsRecord(
    {
      MessageId: messageId,
      ReceiptHandle: `receipt-${messageId}`,
      Body: encodeQueueMessage(event),
      Attributes: {
        ApproximateReceiveCount: '1',
        MessageGroupId: groupIdOf(event.sourceId, event.entityId),
        MessageDeduplicationId: event.eventId,
      },
    },
    'arn:aws:sqs:us-east-1:123456789012:webhook-gateway-events.fifo',
    Date.now(),
  );
}
