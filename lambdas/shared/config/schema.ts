import { z } from 'zod';

/** Signature schemes the ingest can verify (docs/architecture.md#signature-schemes). */
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

/**
 * A secret name as Secrets Manager accepts it, or a complete secret ARN (ending in the hyphen and six
 * characters Secrets Manager adds); an ARN always names a secret that exists already.
 */
export const secretRefSchema = z
  .string()
  .regex(
    /^(?:[A-Za-z0-9/_+=.@-]{1,512}|arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[A-Za-z0-9/_+=.@-]+-[A-Za-z0-9]{6})$/,
    'must be a secret name (letters, digits and /_+=.@-) or a complete secret ARN',
  );

/** Whether a secret reference is an ARN (the secret exists; the stack never creates it). */
export const isSecretArn = (ref: string): boolean => ref.startsWith('arn:');

const existingSecretFlag = z
  .boolean()
  .optional()
  .describe(
    'true: the secret already exists; the stack only grants read access, never creates or deletes it',
  );

const forwardActionSchema = z
  .object({
    type: z.literal('forward'),
    url: z.url({ protocol: /^https?$/ }),
    /** Holds the HS256 key `{"signingSecret": …}`; default `<prefix>/<tenant>/forward`. */
    jwtSecretName: secretRefSchema.optional(),
    existingJwtSecret: existingSecretFlag,
    timeoutMs: z.int().min(100).max(60_000).default(8000),
  })
  .strict();

/** Actions are a discriminated union keyed by `type`: add a member to add an action. */
export const actionSchema = z.discriminatedUnion('type', [forwardActionSchema]);

/**
 * 4 MiB: API Gateway hands the body to Lambda base64-encoded inside a 6 MB invocation payload, so
 * this is the largest body that always arrives whole. Bodies too big for the event's item go to S3.
 */
export const MAX_BODY_BYTES = 4 * 1024 * 1024;

/** Bodies whose stored (gzipped) form is above this go to S3 by default (claim-check). */
export const DEFAULT_OFFLOAD_ABOVE_BYTES = 64 * 1024;
/** The most a body may take inside the event's item: DynamoDB holds 400 KB per item, record included. */
export const MAX_INLINE_BODY_BYTES = 384 * 1024;

export const sourceSchema = z
  .object({
    id: slug.refine((id) => id !== 'status', '"status" is reserved'),
    tenant: slug.default('default'),
    scheme: z.enum(SCHEMES),
    secretName: secretRefSchema.optional(),
    existingSecret: existingSecretFlag,
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
    /**
     * A header carrying the time the vendor sent the delivery (Shopify: `X-Shopify-Triggered-At`),
     * required and checked against `toleranceSeconds`, for schemes whose signature covers no time.
     * The header is not signed: it turns away stale redeliveries, not a replay by someone who can
     * change headers; dedupe (for `retentionDays`) remains the defence there.
     */
    timestampHeader: z
      .string()
      .regex(/^[A-Za-z0-9-]{1,64}$/)
      .optional(),
    /** Largest body accepted (413 above); bodies too big for the event's item are kept in S3. */
    maxBodyBytes: z.int().min(1).max(MAX_BODY_BYTES).default(262_144),
    contentTypes: z.array(z.string().min(1)).min(1).default(['application/json']),
    actions: z.array(actionSchema).default([]),
    /**
     * Accept and store the source's events but do not queue them; the sweeper queues them, oldest
     * first, once the source is unpaused.
     */
    paused: z.boolean().default(false),
  })
  .strict();

const tenantSchema = z
  .object({
    /** Holds the tenant's status API token `{"token": …}`; default `<prefix>/<tenant>/status`. */
    statusSecretName: secretRefSchema.optional(),
    existingStatusSecret: existingSecretFlag,
  })
  .strict();

const dnsName = z
  .string()
  .regex(
    /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/,
    'must be a lower-case DNS name, e.g. hooks.example.com',
  );

const customDomainSchema = z
  .object({
    domainName: dnsName,
    /** An ACM certificate for `domainName` in the stack's region (a regional API needs one there). */
    certificateArn: z
      .string()
      .regex(
        /^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[A-Za-z0-9-]+$/,
        'must be an ACM certificate ARN',
      ),
    /** When given, the stack adds a Route 53 alias record for `domainName` in this public zone. */
    hostedZone: z
      .object({
        id: z.string().regex(/^Z[A-Z0-9]{1,32}$/, 'must be a Route 53 hosted zone id'),
        name: dnsName,
      })
      .strict()
      .optional(),
  })
  .strict()
  .refine(
    (domain) =>
      domain.hostedZone === undefined ||
      domain.domainName === domain.hostedZone.name ||
      domain.domainName.endsWith(`.${domain.hostedZone.name}`),
    { message: 'domainName must be inside hostedZone.name', path: ['domainName'] },
  );

const cidr = z
  .union([z.cidrv4(), z.cidrv6()])
  .refine((range) => !range.endsWith('/0'), 'a /0 range allows every address; drop the allowlist instead');

const wafSchema = z
  .object({
    /** Requests one client IP may send in any 5 minutes before AWS WAF blocks it (403). */
    rateLimitPerIp: z.int().min(10).max(2_000_000_000).default(3000),
    /** Per source id: only these CIDR ranges may POST to that source (vendors publish theirs). */
    sourceAllowlists: z.record(slug, z.array(cidr).min(1)).default({}),
  })
  .strict();

const tagKey = z
  .string()
  .regex(
    /^(?!aws:)[A-Za-z0-9 _.:/=+@-]{1,128}$/,
    'must be 1-128 of A-Z a-z 0-9 space _.:/=+@- and not start with aws:',
  );
const tagValue = z
  .string()
  .regex(/^[A-Za-z0-9 _.:/=+@-]{0,256}$/, 'must be 0-256 of A-Z a-z 0-9 space _.:/=+@-');

const capacityRange = z
  .object({ min: z.int().min(1).max(40_000), max: z.int().min(1).max(40_000) })
  .strict()
  .refine((range) => range.min <= range.max, 'min must not exceed max');

/**
 * How the events table is billed. On-demand suits bursty or unknown traffic; provisioned capacity
 * with auto scaling costs less for steady traffic (docs/cost.md).
 */
const tableSchema = z
  .object({
    capacity: z.enum(['on-demand', 'provisioned']).default('on-demand'),
    /** Provisioned only: the range auto scaling moves read capacity units in. */
    readUnits: capacityRange.default({ min: 5, max: 100 }),
    /** Provisioned only: the range auto scaling moves write capacity units in (the index follows it). */
    writeUnits: capacityRange.default({ min: 5, max: 100 }),
    /** Provisioned only: the utilization auto scaling aims for. */
    targetUtilizationPercent: z.int().min(20).max(90).default(70),
  })
  .strict();

/** What only the CDK stack reads: none of it is bundled into the functions. */
const deploymentSchema = z
  .object({
    table: tableSchema.default({
      capacity: 'on-demand',
      readUnits: { min: 5, max: 100 },
      writeUnits: { min: 5, max: 100 },
      targetUtilizationPercent: 70,
    }),
    /** Added to every resource that takes tags, besides `webhook-gateway:stack`. */
    tags: z.record(tagKey, tagValue).default({}),
    /** CloudFormation refuses to delete the stack until this is turned off again. */
    terminationProtection: z.boolean().default(false),
    /** One customer managed KMS key (rotated yearly) for the table, both queues, log groups and secrets. */
    customerManagedKey: z.boolean().default(false),
    /**
     * Create the account-wide role API Gateway logs through (one per account and region; the last
     * stack that sets it wins, and it is kept on delete). Turn off when the account already has one.
     */
    apiGatewayCloudWatchRole: z.boolean().default(true),
    /** Concurrency reserved for the ingest function so the worker can never starve it; none by default. */
    ingestReservedConcurrency: z.int().min(1).max(10_000).optional(),
    /** The account's Lambda concurrency quota in the region, to check the two settings above against. */
    accountConcurrencyLimit: z.int().min(1).default(1000),
    customDomain: customDomainSchema.optional(),
    waf: wafSchema.optional(),
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
        /**
         * The worker mostly waits (DynamoDB, S3, the forward target), and Lambda bills memory × time:
         * 256 MB halves the bill of 512 MB and holds a 4 MiB body with room to spare.
         */
        memoryMB: z.int().min(128).max(10_240).default(256),
        /**
         * A batch's entities (message groups) the worker runs at the same time, each one's events in
         * order. Calls to a downstream at once are at most `maxConcurrency` × this; 1 runs a batch one
         * record after another.
         */
        entitiesAtOnce: z.int().min(1).max(10).default(10),
      })
      .strict()
      .default({ batchSize: 10, maxConcurrency: 20, timeoutSeconds: 60, memoryMB: 256, entitiesAtOnce: 10 }),
    api: z
      .object({
        /**
         * `rest` (default): API Gateway REST API, which AWS WAF, resource policies and usage plans
         * need. `http`: API Gateway HTTP API, the same contract at about a third of the price.
         */
        type: z.enum(['rest', 'http']).default('rest'),
        /** Steady-state requests per second for the whole stage. */
        throttlingRateLimit: z.number().min(1).default(100),
        throttlingBurstLimit: z.int().min(1).default(200),
        /** Ingest answers 429 for a source while the worker handles that source's events later than this. */
        maxQueueAgeSeconds: z.int().min(1).default(900),
      })
      .strict()
      .default({
        type: 'rest',
        throttlingRateLimit: 100,
        throttlingBurstLimit: 200,
        maxQueueAgeSeconds: 900,
      }),
    storage: z
      .object({
        /**
         * Bodies whose stored form (gzipped when that is smaller) is above this many bytes are kept
         * in the stack's S3 bucket, the event's item holding only their key (claim-check).
         */
        offloadBodiesAboveBytes: z
          .int()
          .min(1024)
          .max(MAX_INLINE_BODY_BYTES)
          .default(DEFAULT_OFFLOAD_ABOVE_BYTES),
      })
      .strict()
      .default({ offloadBodiesAboveBytes: DEFAULT_OFFLOAD_ABOVE_BYTES }),
    observability: z
      .object({
        logLevel: z.enum(['DEBUG', 'INFO', 'WARN', 'ERROR']).default('INFO'),
        logRetentionDays: z.int().min(1).max(3653).default(30),
        alarmEmail: z.email().optional(),
        oldestMessageAgeAlarmSeconds: z.int().min(60).default(600),
        /**
         * Map stack traces to the TypeScript sources at run time (`--enable-source-maps`), at the
         * price of every cold start; the maps ship in each deployment package either way.
         */
        sourceMaps: z.boolean().default(false),
        /**
         * X-Ray active tracing on every function and on a REST API's stage. Lambda samples the first
         * request each second and 5% of the rest; at 100 M events a month that is ≈ $0.52 per million.
         */
        tracing: z.boolean().default(true),
      })
      .strict()
      .default({
        logLevel: 'INFO',
        logRetentionDays: 30,
        oldestMessageAgeAlarmSeconds: 600,
        sourceMaps: false,
        tracing: true,
      }),
    /** Per-tenant settings, keyed by tenant; a tenant no source uses is an error. */
    tenants: z.record(slug, tenantSchema).optional(),
    deployment: deploymentSchema.default({
      table: {
        capacity: 'on-demand',
        readUnits: { min: 5, max: 100 },
        writeUnits: { min: 5, max: 100 },
        targetUtilizationPercent: 70,
      },
      tags: {},
      terminationProtection: false,
      customerManagedKey: false,
      apiGatewayCloudWatchRole: true,
      accountConcurrencyLimit: 1000,
    }),
  })
  .strict()
  .superRefine((config, context) => {
    const tenants = new Set(config.sources.map((source) => source.tenant));
    for (const tenant of Object.keys(config.tenants ?? {})) {
      if (!tenants.has(tenant))
        context.addIssue({
          code: 'custom',
          path: ['tenants', tenant],
          message: 'no source uses this tenant',
        });
    }
    const ids = new Set(config.sources.map((source) => source.id));
    for (const sourceId of Object.keys(config.deployment.waf?.sourceAllowlists ?? {})) {
      if (!ids.has(sourceId))
        context.addIssue({
          code: 'custom',
          path: ['deployment', 'waf', 'sourceAllowlists', sourceId],
          message: 'no source has this id',
        });
    }
    if (config.api.type === 'http' && config.deployment.waf !== undefined)
      context.addIssue({
        code: 'custom',
        path: ['deployment', 'waf'],
        message: 'AWS WAF cannot protect an HTTP API: use api.type "rest" or drop waf',
      });
  });

export type GatewayConfigInput = z.input<typeof gatewayConfigSchema>;
export type ParsedGatewayConfig = z.output<typeof gatewayConfigSchema>;
export type ParsedSource = z.output<typeof sourceSchema>;
/** A forward action with its JWT secret name resolved (`parseConfig` fills in the default). */
export type ForwardActionConfig = Omit<z.output<typeof forwardActionSchema>, 'jwtSecretName'> & {
  readonly jwtSecretName: string;
};
export type ActionConfig = ForwardActionConfig;
export type TenantInput = z.output<typeof tenantSchema>;
export type DeploymentConfig = z.output<typeof deploymentSchema>;
export type TableConfig = z.output<typeof tableSchema>;
