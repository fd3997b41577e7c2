import { resolve } from 'node:path';
import { z } from 'zod';
import { ConfigError } from '../lambdas/shared/errors.js';

export const DEFAULT_PORT = 3000;
export const LOCAL_HOST = '127.0.0.1';
export const DEFAULT_STATE_DIR = '.local';
export const DEFAULT_SWEEP_SECONDS = 10;
/**
 * The local stack's own config: loopback forward targets are fine here, while `gateway.config.json`
 * is the deployable one (`cdk synth` rejects them there).
 */
export const LOCAL_CONFIG_FILE = 'local/gateway.config.local.json';

/** The environment the local stack and its CLIs read (docs/architecture.md#local-stack), parsed once. */
export interface LocalSettings {
  readonly port: number;
  /** Absolute path of the gateway config. */
  readonly configFile: string;
  /** `memory`: nothing on disk; `disk`: DynamoDB data and secrets under `stateDir`. */
  readonly state: 'memory' | 'disk';
  /** Absolute path; only used when `state` is `disk`. */
  readonly stateDir: string;
  /** Absolute path of the secrets file; undefined in memory mode when LOCAL_SECRETS is not set. */
  readonly secretsFile: string | undefined;
  /** Whether LOCAL_SECRETS / GATEWAY_CONFIG were given (the CLIs then prefer them over the stack's). */
  readonly explicit: { readonly secretsFile: boolean; readonly configFile: boolean };
  /** Start a loopback receiver for forward targets on 127.0.0.1 (on unless `LOCAL_RECEIVER=0`). */
  readonly receiver: boolean;
  readonly sweepSeconds: number;
}

const flag = (fallback: boolean) =>
  z
    .enum(['1', 'true', 'yes', 'on', '0', 'false', 'no', 'off', ''])
    .optional()
    .transform((value) => (value === undefined ? fallback : ['1', 'true', 'yes', 'on'].includes(value)));

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65_535).default(DEFAULT_PORT),
  GATEWAY_CONFIG: z.string().min(1).optional(),
  LOCAL_STATE: z.enum(['memory', 'disk']).optional(),
  LOCAL_STATE_DIR: z.string().min(1).optional(),
  LOCAL_SECRETS: z.string().min(1).optional(),
  LOCAL_RECEIVER: flag(true),
  LOCAL_SWEEP_SECONDS: z.coerce.number().int().min(1).max(3600).default(DEFAULT_SWEEP_SECONDS),
});

/** Relative paths are taken from the working directory, as a user typing them expects. */
export function readLocalSettings(
  env: NodeJS.ProcessEnv = process.env,
  cwd: string = process.cwd(),
): LocalSettings {
  // An empty variable means "not set", as shells make it easy to export one by accident.
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  - ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`invalid environment:\n${lines.join('\n')}`);
  }
  const values = parsed.data;
  const state = values.LOCAL_STATE ?? 'disk';
  const stateDir = resolve(cwd, values.LOCAL_STATE_DIR ?? DEFAULT_STATE_DIR);
  let secretsFile: string | undefined;
  if (values.LOCAL_SECRETS !== undefined) secretsFile = resolve(cwd, values.LOCAL_SECRETS);
  else if (state === 'disk') secretsFile = resolve(stateDir, 'secrets.json');
  return {
    port: values.PORT,
    configFile: resolve(cwd, values.GATEWAY_CONFIG ?? LOCAL_CONFIG_FILE),
    state,
    stateDir,
    secretsFile,
    explicit: {
      secretsFile: values.LOCAL_SECRETS !== undefined,
      configFile: values.GATEWAY_CONFIG !== undefined,
    },
    receiver: values.LOCAL_RECEIVER,
    sweepSeconds: values.LOCAL_SWEEP_SECONDS,
  };
}

export const localUrl = (port: number): string => `http://${LOCAL_HOST}:${port}`;
