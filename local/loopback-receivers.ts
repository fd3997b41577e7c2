import { jwtVerify } from 'jose';
import type { GatewayConfig } from '../lambdas/shared/config/load.js';
import type { SecretSource } from '../lambdas/shared/ports.js';
import { FORWARD_ISSUER } from '../lambdas/worker/actions/forward.js';
import { type Delivery, type ForwardReceiver, startForwardReceiver } from './forward-receiver.js';
import { LOCAL_HOST } from './settings.js';

export interface ForwardTarget {
  readonly sourceId: string;
  readonly url: URL;
  readonly jwtSecretName: string;
}

const LOOPBACK_HOSTS = new Set([LOCAL_HOST, 'localhost']);

/** Every forward action of the config, in config order. */
export function forwardTargets(config: GatewayConfig): ForwardTarget[] {
  return config.sources.flatMap((source) =>
    source.actions.map((action) => ({
      sourceId: source.id,
      url: new URL(action.url),
      jwtSecretName: action.jwtSecretName,
    })),
  );
}

/** Forward targets on this machine, by port: where a loopback receiver can stand in for the downstream. */
export function loopbackPorts(targets: readonly ForwardTarget[]): Map<number, ForwardTarget[]> {
  const byPort = new Map<number, ForwardTarget[]>();
  for (const target of targets) {
    if (target.url.protocol !== 'http:' || !LOOPBACK_HOSTS.has(target.url.hostname)) continue;
    const port = Number(target.url.port || '80');
    byPort.set(port, [...(byPort.get(port) ?? []), target]);
  }
  return byPort;
}

const eventSummary = (body: string): string => {
  try {
    const parsed: unknown = JSON.parse(body);
    if (typeof parsed !== 'object' || parsed === null) return '';
    const fields = ['eventId', 'eventType', 'entityId'] as const;
    return fields
      .map((field) => (field in parsed ? `${field}=${String(Reflect.get(parsed, field))}` : ''))
      .filter((part) => part !== '')
      .join(' ');
  } catch {
    return '(not JSON)';
  }
};

async function tokenVerdict(
  delivery: Delivery,
  targets: readonly ForwardTarget[],
  secrets: SecretSource,
): Promise<string> {
  const target = targets.find((candidate) => candidate.url.pathname === delivery.path.split('?')[0]);
  const header = delivery.headers.authorization ?? '';
  if (target === undefined || !header.startsWith('Bearer ')) return 'token not checked';
  try {
    const secret = (await secrets.read(target.jwtSecretName)).current.signingSecret;
    if (typeof secret !== 'string') return 'token not checked';
    await jwtVerify(header.slice('Bearer '.length), new TextEncoder().encode(secret), {
      issuer: FORWARD_ISSUER,
      audience: target.url.origin,
      algorithms: ['HS256'],
    });
    return 'token valid';
  } catch {
    return 'token INVALID';
  }
}

/**
 * `LOCAL_RECEIVER=1`: one receiver per loopback port the forward actions point at. Each delivery is
 * printed with its event id and whether its JWT verifies, as a downstream would check it.
 */
export async function startLoopbackReceivers(
  config: GatewayConfig,
  secrets: SecretSource,
  print: (line: string) => void,
): Promise<ForwardReceiver[]> {
  const receivers: ForwardReceiver[] = [];
  for (const [port, targets] of loopbackPorts(forwardTargets(config))) {
    try {
      receivers.push(
        await startForwardReceiver({
          host: LOCAL_HOST,
          port,
          onDelivery: (delivery) => {
            void tokenVerdict(delivery, targets, secrets).then((verdict) =>
              print(
                `forward received: POST http://${LOCAL_HOST}:${port}${delivery.path} ${eventSummary(delivery.body)} idempotency-key=${String(delivery.headers['idempotency-key'])} ${verdict}`,
              ),
            );
          },
        }),
      );
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      print(
        `receiver: cannot listen on ${LOCAL_HOST}:${port} (${reason}); forwards there go to whatever listens`,
      );
    }
  }
  return receivers;
}
