import { LogFormatter, LogItem } from '@aws-lambda-powertools/logger';
import type { LogAttributes, UnformattedAttributes } from '@aws-lambda-powertools/logger/types';

/**
 * Powertools' log structure without what every line of a function's own log group would repeat:
 * its ARN, name, memory size, the service name and the sampling rate. That is about 230 of a line's
 * 530 bytes, and CloudWatch Logs bills every byte (docs/cost.md#logs). A line keeps what finds it
 * and what it says: level, message, timestamp, the request id, the X-Ray trace id, `cold_start` on a
 * cold start's lines only, and the function's own keys.
 */
export class CompactLogFormatter extends LogFormatter {
  public override formatAttributes(attributes: UnformattedAttributes, additional: LogAttributes): LogItem {
    const context = attributes.lambdaContext;
    return new LogItem({
      attributes: {
        level: attributes.logLevel,
        message: attributes.message,
        timestamp: this.formatTimestamp(attributes.timestamp),
        function_request_id: context?.awsRequestId,
        xray_trace_id: attributes.xRayTraceId,
        ...(context?.coldStart === true ? { cold_start: true } : {}),
      },
    }).addAttributes(additional);
  }
}
