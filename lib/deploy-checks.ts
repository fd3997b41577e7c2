import { BlockList, isIP } from 'node:net';
import { ATTEMPT_OVERHEAD_MS, longestAttemptMs } from '../lambdas/shared/config/attempt-budget.js';
import type { GatewayConfig } from '../lambdas/shared/config/load.js';
import { ConfigError } from '../lambdas/shared/errors.js';

/** Addresses a function in the AWS cloud cannot (or must not) reach: loopback, private, link-local. */
const UNREACHABLE = new BlockList();
UNREACHABLE.addSubnet('0.0.0.0', 8, 'ipv4'); // "this host": 0.0.0.0 is loopback on Linux
UNREACHABLE.addSubnet('10.0.0.0', 8, 'ipv4');
UNREACHABLE.addSubnet('100.64.0.0', 10, 'ipv4'); // carrier-grade NAT, private in practice
UNREACHABLE.addSubnet('127.0.0.0', 8, 'ipv4');
UNREACHABLE.addSubnet('169.254.0.0', 16, 'ipv4'); // link-local, including the metadata endpoints
UNREACHABLE.addSubnet('172.16.0.0', 12, 'ipv4');
UNREACHABLE.addSubnet('192.168.0.0', 16, 'ipv4');
UNREACHABLE.addAddress('::', 'ipv6');
UNREACHABLE.addAddress('::1', 'ipv6');
UNREACHABLE.addSubnet('fc00::', 7, 'ipv6'); // unique local
UNREACHABLE.addSubnet('fe80::', 10, 'ipv6'); // link-local
UNREACHABLE.addSubnet('fec0::', 10, 'ipv6'); // deprecated site-local
// IPv4-mapped IPv6 addresses (::ffff:a.b.c.d) are checked against the IPv4 ranges by BlockList.

/** Lambda keeps this many executions unreserved in every account. */
export const MIN_UNRESERVED_CONCURRENCY = 100;
/** The status, replay and sweeper functions draw from the unreserved pool too, one execution each at least. */
const OTHER_UNRESERVED_FUNCTIONS = 3;

/**
 * Why a forward URL cannot be deployed, or undefined. Only literal addresses and `localhost` are
 * recognised: a name that resolves to a private address is out of reach for a synth-time check.
 */
export function undeployableUrlReason(url: string): string | undefined {
  const parsed = new URL(url);
  if (parsed.protocol !== 'https:') return `is not https:`;
  // WHATWG URL normalizes hosts: lower case, IPv4 in dotted form (0x7f.1 → 127.0.0.1), IPv6 in brackets.
  const host = parsed.hostname.replace(/\.$/, '').replace(/^\[(.*)\]$/, '$1');
  if (host === 'localhost' || host.endsWith('.localhost')) return `points at ${host}, a loopback name`;
  const family = isIP(host);
  if (family !== 0 && UNREACHABLE.check(host, family === 4 ? 'ipv4' : 'ipv6'))
    return `points at ${host}, a loopback, private or link-local address`;
  return undefined;
}

/** Forward targets a deployed gateway cannot reach, each naming its source. */
export function undeployableForwardTargets(config: GatewayConfig): string[] {
  return config.sources.flatMap((source, index) =>
    source.actions.flatMap((action) => {
      const reason = undeployableUrlReason(action.url);
      return reason === undefined
        ? []
        : [`sources.${index} (${source.id}): forward URL ${action.url} ${reason}`];
    }),
  );
}

/** Concurrency settings that cannot deploy or would let the worker starve everything else. */
export function concurrencyProblems(config: GatewayConfig): string[] {
  const { ingestReservedConcurrency: reserved = 0, accountConcurrencyLimit: limit } = config.deployment;
  const problems: string[] = [];
  if (reserved > limit - MIN_UNRESERVED_CONCURRENCY) {
    problems.push(
      `deployment.ingestReservedConcurrency: ${reserved} leaves fewer than the ${MIN_UNRESERVED_CONCURRENCY} unreserved executions Lambda keeps in an account limited to ${limit} (deployment.accountConcurrencyLimit); reserve at most ${Math.max(0, limit - MIN_UNRESERVED_CONCURRENCY)} or raise the quota`,
    );
  }
  const unreserved = limit - reserved;
  const room = unreserved - OTHER_UNRESERVED_FUNCTIONS;
  if (config.worker.maxConcurrency > room) {
    problems.push(
      `worker.maxConcurrency: ${config.worker.maxConcurrency} does not fit the ${unreserved} executions left to the unreserved functions (deployment.accountConcurrencyLimit ${limit} minus deployment.ingestReservedConcurrency ${reserved}) with room for the status, replay and sweeper functions; lower it to ${Math.max(0, room)} or raise the quota`,
    );
  }
  return problems;
}

/**
 * A worker timeout that cannot fit one attempt of the slowest source: every delivery of that source
 * would time out (the worker starts a record only when one attempt still fits; it hands the rest of
 * a batch back, so only one attempt has to fit, not the whole batch).
 */
export function workerTimeoutProblems(config: GatewayConfig): string[] {
  const timeoutMs = config.worker.timeoutSeconds * 1000;
  const tooSlow = config.sources.filter((source) => longestAttemptMs({ sources: [source] }) > timeoutMs);
  return tooSlow.map((source) => {
    const actionsMs = longestAttemptMs({ sources: [source] }) - ATTEMPT_OVERHEAD_MS;
    return `worker.timeoutSeconds: ${config.worker.timeoutSeconds} s cannot fit one attempt of source ${source.id} (its actions' timeoutMs add up to ${actionsMs} ms, plus ${ATTEMPT_OVERHEAD_MS} ms for the record); raise it or lower the timeouts`;
  });
}

/**
 * What only a deployed stack must refuse (the local stack accepts all of it): forward targets on
 * loopback, private or link-local addresses or without TLS, concurrency the account cannot give, and a
 * worker timeout shorter than one attempt.
 */
export function assertDeployable(config: GatewayConfig): void {
  const problems = [
    ...undeployableForwardTargets(config),
    ...concurrencyProblems(config),
    ...workerTimeoutProblems(config),
  ];
  if (problems.length > 0) {
    throw new ConfigError(
      `the config cannot be deployed:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`,
    );
  }
}
