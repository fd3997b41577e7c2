import { findSource, type GatewayConfig, type SourceConfig } from '../lambdas/shared/config/load.js';
import { loadConfigFile } from '../lambdas/shared/config/validate.js';
import { type LocalSettings, localUrl, readLocalSettings } from './settings.js';
import { fetchStackInfo, type StackInfo } from './stack-info.js';

export interface CliTarget {
  readonly baseUrl: string;
  readonly info: StackInfo;
  readonly config: GatewayConfig;
  readonly secretsFile: string;
}

/**
 * The running local stack a CLI talks to, found by PORT. GATEWAY_CONFIG and LOCAL_SECRETS win when
 * set; otherwise the stack's own files are used, so the CLIs work with `LOCAL_STATE=memory` too.
 */
export async function findCliTarget(settings: LocalSettings = readLocalSettings()): Promise<CliTarget> {
  const baseUrl = localUrl(settings.port);
  const info = await fetchStackInfo(baseUrl);
  const configFile = settings.explicit.configFile ? settings.configFile : info.configFile;
  const secretsFile =
    settings.explicit.secretsFile && settings.secretsFile !== undefined
      ? settings.secretsFile
      : info.secretsFile;
  return { baseUrl, info, config: loadConfigFile(configFile), secretsFile };
}

export function sourceOrExit(config: GatewayConfig, sourceId: string): SourceConfig {
  const source = findSource(config, sourceId);
  if (source !== undefined) return source;
  const known = config.sources.map((each) => each.id).join(', ');
  throw new Error(`unknown source "${sourceId}" (configured: ${known})`);
}
