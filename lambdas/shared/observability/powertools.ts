import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { CompactLogFormatter } from './log-formatter.js';
import { METRICS_NAMESPACE, SERVICE_NAME } from './names.js';

// Created once per container; every function shares the same names so the dashboard finds them.
export const logger = new Logger({ serviceName: SERVICE_NAME, logFormatter: new CompactLogFormatter() });
export const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: SERVICE_NAME });
