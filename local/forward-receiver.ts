import { createServer, type IncomingHttpHeaders } from 'node:http';

/** One POST the receiver got: what a downstream of the forward action sees. */
export interface Delivery {
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  /** The status the receiver answered. */
  readonly status: number;
}

export interface ReceiverOptions {
  readonly host: string;
  /** 0 for any free port. */
  readonly port: number;
  /** The status to answer; 200 unless given. */
  readonly respond?: (path: string, body: string) => number;
  readonly onDelivery?: (delivery: Delivery) => void;
}

export interface ForwardReceiver {
  readonly port: number;
  readonly deliveries: readonly Delivery[];
  close(): Promise<void>;
}

/** A loopback HTTP endpoint for forward actions, so a user (or a test) can watch events arrive. */
export function startForwardReceiver(options: ReceiverOptions): Promise<ForwardReceiver> {
  const deliveries: Delivery[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const path = request.url ?? '/';
      const body = Buffer.concat(chunks).toString('utf8');
      const status = options.respond?.(path, body) ?? 200;
      const delivery = { path, headers: request.headers, body, status };
      deliveries.push(delivery);
      options.onDelivery?.(delivery);
      response.writeHead(status, { 'content-type': 'application/json' }).end('{}');
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      const address = server.address();
      resolve({
        port: typeof address === 'object' && address !== null ? address.port : options.port,
        deliveries,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
