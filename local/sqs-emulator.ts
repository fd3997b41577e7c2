import { buildApp } from 'fauxqs';

export interface SqsEmulator {
  readonly endpoint: string;
  stop(): Promise<void>;
}

/** fauxqs in this process, bound to loopback only (its own starter listens on every interface). */
export async function startSqsEmulator(): Promise<SqsEmulator> {
  const app = buildApp({ logger: false });
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    endpoint: address,
    stop: async () => {
      await app.close();
    },
  };
}
