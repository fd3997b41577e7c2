import { z } from 'zod';

/** Signature schemes the ingest can verify (DESIGN §4). */
export const SCHEMES = [
  'standard-webhooks',
  'svix',
  'stripe',
  'github',
  'slack',
  'shopify',
  'hmac-sha256',
  'wordpress',
] as const;
export type Scheme = (typeof SCHEMES)[number];

const slug = z.string().regex(/^[a-z0-9-]{1,64}$/, 'must match [a-z0-9-]{1,64}');

/** `header:<name>` or `body:<dot.path>`: where a value is read from a request. */
export const selectorSchema = z
  .string()
  .regex(
    /^(header:[A-Za-z0-9_-]+|body:[A-Za-z0-9_$-]+(\.[A-Za-z0-9_$-]+)*)$/,
    'must be "header:<name>" or "body:<dot.path>"',
  );

const forwardActionSchema = z
  .object({
    type: z.literal('forward'),
    url: z.url({ protocol: /^https?$/ }),
    jwtSecretName: z.string().min(1),
    timeoutMs: z.int().min(100).max(60_000).default(8000),
  })
  .strict();

/** Actions are a discriminated union keyed by `type`: add a member to add an action. */
export const actionSchema = z.discriminatedUnion('type', [forwardActionSchema]);

export const sourceSchema = z
  .object({
    id: slug.refine((id) => id !== 'status', '"status" is reserved'),
    tenant: slug.default('default'),
    scheme: z.enum(SCHEMES),
    secretName: z.string().min(1).max(512).optional(),
    toleranceSeconds: z.int().min(1).max(3600).default(300),
    rotationWindowHours: z
      .number()
      .min(0)
      .max(24 * 30)
      .default(72),
    idempotencyKey: selectorSchema.optional(),
    entityId: selectorSchema.optional(),
    eventType: selectorSchema.optional(),
    occurredAt: selectorSchema.optional(),
    maxBodyBytes: z
      .int()
      .min(1)
      .max(1024 * 1024)
      .default(262_144),
    contentTypes: z.array(z.string().min(1)).min(1).default(['application/json']),
    actions: z.array(actionSchema).default([]),
    /**
     * Accept and store the source's events but do not queue them; the sweeper queues them, oldest
     * first, once the source is unpaused.
     */
    paused: z.boolean().default(false),
  })
  .strict();

export const gatewayConfigSchema = z
  .object({
    $schema: z.string().optional(),
    sources: z
      .array(sourceSchema)
      .min(1)
      .refine(
        (sources) => new Set(sources.map((s) => s.id)).size === sources.length,
        'source ids must be unique',
      ),
    retentionDays: z.int().min(1).max(3650).default(30),
    retry: z
      .object({
        maxReceiveCount: z.int().min(1).max(1000).default(5),
        baseDelaySeconds: z.int().min(0).max(43_200).default(2),
        maxDelaySeconds: z.int().min(0).max(43_200).default(900),
      })
      .strict()
      .default({ maxReceiveCount: 5, baseDelaySeconds: 2, maxDelaySeconds: 900 }),
    worker: z
      .object({
        batchSize: z.int().min(1).max(10).default(10),
        maxConcurrency: z.int().min(2).max(1000).default(20),
        timeoutSeconds: z.int().min(1).max(900).default(60),
      })
      .strict()
      .default({ batchSize: 10, maxConcurrency: 20, timeoutSeconds: 60 }),
    api: z
      .object({
        /** Steady-state requests per second for the whole stage. */
        throttlingRateLimit: z.number().min(1).default(100),
        throttlingBurstLimit: z.int().min(1).default(200),
        /** Ingest answers 429 when the main queue's oldest message is older than this. */
        maxQueueAgeSeconds: z.int().min(1).default(900),
      })
      .strict()
      .default({ throttlingRateLimit: 100, throttlingBurstLimit: 200, maxQueueAgeSeconds: 900 }),
    observability: z
      .object({
        logLevel: z.enum(['DEBUG', 'INFO', 'WARN', 'ERROR']).default('INFO'),
        logRetentionDays: z.int().min(1).max(3653).default(30),
        alarmEmail: z.email().optional(),
        oldestMessageAgeAlarmSeconds: z.int().min(60).default(600),
      })
      .strict()
      .default({ logLevel: 'INFO', logRetentionDays: 30, oldestMessageAgeAlarmSeconds: 600 }),
  })
  .strict();

export type GatewayConfigInput = z.input<typeof gatewayConfigSchema>;
export type ParsedGatewayConfig = z.output<typeof gatewayConfigSchema>;
export type ParsedSource = z.output<typeof sourceSchema>;
export type ActionConfig = z.output<typeof actionSchema>;
export type ForwardActionConfig = z.output<typeof forwardActionSchema>;
