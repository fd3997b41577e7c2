/** Strictly older only: two events of the same instant both apply. */
export const isStale = (occurredAt: string, watermark: string | undefined): boolean =>
  watermark !== undefined && occurredAt < watermark;
