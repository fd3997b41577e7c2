/**
 * The newest `occurredAt` applied for one entity of one source (DESIGN §6, invariant 4). Events are
 * compared by ISO-8601 text, which sorts like time once normalized.
 */
export interface EntityWatermarks {
  /** The watermark, or undefined when nothing with an `occurredAt` was applied for the entity yet. */
  get(sourceId: string, entityId: string): Promise<string | undefined>;
  /** Moves the watermark to `occurredAt` unless it is already there or later: it never goes back. */
  advance(sourceId: string, entityId: string, occurredAt: string, expiresAt: number): Promise<void>;
}

/** Strictly older only: two events of the same instant both apply. */
export const isStale = (occurredAt: string, watermark: string | undefined): boolean =>
  watermark !== undefined && occurredAt < watermark;
