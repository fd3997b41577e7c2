import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '../../../local/free-port.js';
import { REPO } from '../../e2e/support/local-process.js';

const run = promisify(execFile);
export const SITE_SCRIPT = join(REPO, 'wordpress/tests/bin/site');
const PATH_WITH_SBIN = `${process.env.PATH ?? ''}:/usr/sbin:/usr/local/sbin`;

export type SiteUser = 'admin' | 'editor' | 'author' | 'subscriber';

export interface RestAnswer<T> {
  readonly status: number;
  readonly body: T;
}

export interface WordpressSite {
  readonly dir: string;
  /** `http://127.0.0.1:<port>`, the site's home and origin. */
  readonly url: string;
  readonly port: number;
  /** The WordPress folder (for PHPUnit's WGB_WP_DIR). */
  readonly wpDir: string;
  readonly debugLog: string;
  /** A REST call through `?rest_route=` (permalinks are plain), as a user with an application password. */
  rest<T = unknown>(
    method: string,
    route: string,
    options?: {
      readonly as?: SiteUser;
      readonly body?: unknown;
      readonly query?: Record<string, string>;
      readonly headers?: Record<string, string>;
    },
  ): Promise<RestAnswer<T>>;
  /** Requests wp-cron.php and waits for the run to finish (the site sets DISABLE_WP_CRON). */
  runCron(): Promise<void>;
  /** Stops PHP and MariaDB (whole process groups) and removes the folder. */
  stop(): Promise<void>;
}

function readEnvFile(file: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const eq = line.indexOf('=');
    if (eq > 0) env[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return env;
}

function required(env: Record<string, string>, name: string): string {
  const value = env[name];
  if (value === undefined || value === '') throw new Error(`site.env has no ${name}`);
  return value;
}

/**
 * Starts a throwaway WordPress + MariaDB site with the plugin active. `extraConfig` is PHP run by
 * wp-config.php on every request (the plugin's constants, typically); `port` defaults to a free one.
 */
export async function startSite(
  options: { readonly extraConfig?: string; readonly port?: number } = {},
): Promise<WordpressSite> {
  const dir = mkdtempSync(join(tmpdir(), 'wgb-site-'));
  if (options.extraConfig !== undefined) {
    writeFileSync(join(dir, 'wp-config-extra.php'), `<?php\n${options.extraConfig}\n`);
  }
  const stopSync = () => {
    try {
      execFileSync(SITE_SCRIPT, ['stop', dir], { stdio: 'ignore' });
    } catch {
      // Best effort when the test process is going away anyway.
    }
  };
  // Should the test process end without afterAll (a crash, a timeout), the servers go with it.
  process.once('exit', stopSync);
  try {
    await run(SITE_SCRIPT, ['start', dir], {
      env: { ...process.env, PATH: PATH_WITH_SBIN, WP_PORT: String(options.port ?? (await freePort())) },
    });
  } catch (error) {
    stopSync();
    throw error;
  }
  const env = readEnvFile(join(dir, 'site.env'));
  const url = required(env, 'WP_URL');
  const passwords: Record<SiteUser, string> = {
    admin: required(env, 'WP_ADMIN_APP_PASSWORD'),
    editor: required(env, 'WP_EDITOR_APP_PASSWORD'),
    author: required(env, 'WP_AUTHOR_APP_PASSWORD'),
    subscriber: required(env, 'WP_SUBSCRIBER_APP_PASSWORD'),
  };
  return {
    dir,
    url,
    port: Number(required(env, 'WP_PORT')),
    wpDir: required(env, 'WP_DIR'),
    debugLog: required(env, 'DEBUG_LOG'),
    async rest<T>(
      method: string,
      route: string,
      opts: {
        as?: SiteUser;
        body?: unknown;
        query?: Record<string, string>;
        headers?: Record<string, string>;
      } = {},
    ): Promise<RestAnswer<T>> {
      const target = new URL(url);
      target.searchParams.set('rest_route', route);
      for (const [name, value] of Object.entries(opts.query ?? {})) target.searchParams.set(name, value);
      const headers: Record<string, string> = { ...opts.headers };
      if (opts.as !== undefined) {
        headers.Authorization = `Basic ${Buffer.from(`${opts.as}:${passwords[opts.as]}`).toString('base64')}`;
      }
      let body: string | undefined;
      if (opts.body !== undefined) {
        headers['Content-Type'] = 'application/json';
        body = typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
      }
      const response = await fetch(target, { method, headers, ...(body === undefined ? {} : { body }) });
      const text = await response.text();
      let parsed: unknown = text;
      try {
        parsed = JSON.parse(text);
      } catch {
        // Not JSON: the raw text is more useful in a failure message.
      }
      return { status: response.status, body: parsed as T };
    },
    async runCron() {
      const response = await fetch(`${url}/wp-cron.php`);
      await response.text();
      if (!response.ok) throw new Error(`wp-cron.php answered ${response.status}`);
    },
    async stop() {
      process.removeListener('exit', stopSync);
      await run(SITE_SCRIPT, ['stop', dir]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
