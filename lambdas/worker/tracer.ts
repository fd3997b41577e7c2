import { Tracer } from '@aws-lambda-powertools/tracer';
import { SERVICE_NAME } from '../shared/observability/names.js';

export const tracer = new Tracer({ serviceName: SERVICE_NAME });
