/** What the worker needs from one received queue message, whatever delivered it. */
export interface WorkerMessage {
  readonly messageId: string;
  readonly receiptHandle: string;
  readonly body: string;
  /** SQS `ApproximateReceiveCount`: 1 on the first delivery. */
  readonly receiveCount: number;
  readonly groupId: string | undefined;
  /** X-Ray trace header written by the ingest, so one event is one trace. */
  readonly traceHeader: string | undefined;
}
