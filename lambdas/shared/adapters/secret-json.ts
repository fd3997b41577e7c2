import { DependencyError } from '../errors.js';

/** A secret value is a JSON object; anything else is an operator mistake reported without the value. */
export function parseSecretJson(name: string, text: string | undefined): Readonly<Record<string, unknown>> {
  if (text === undefined || text.trim() === '') return {};
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return { ...value };
  } catch {
    // fall through: the value itself must never reach a log
  }
  throw new DependencyError(`secret ${name} is not a JSON object`);
}
