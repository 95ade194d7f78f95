import { DEFAULT_TOPICS, fixedIsoDurationMs } from '@postventa/contracts';
import { z } from 'zod';

const port = (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback);
const url = (protocols: string[]) => z.url({ protocol: new RegExp(`^(${protocols.join('|')})$`) }).optional();

const brokerList = z
  .string()
  .trim()
  .min(1)
  .transform((value) => value.split(',').map((broker) => broker.trim()))
  .pipe(z.array(z.string().regex(/^[^\s:]+:\d{1,5}$/, 'expected host:port[,host:port...]')).min(1))
  .optional();

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((value) => ['true', '1', 'yes'].includes(value));

const duration = z.coerce.number().int().positive();

/** Comma-separated API keys (unset: none), each at least 16 characters. */
const apiKeyList = () =>
  z
    .string()
    .optional()
    .transform((value) =>
      (value ?? '')
        .split(',')
        .map((k) => k.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.string().min(16, 'API keys must be at least 16 characters')));

/** A fixed-length ISO 8601 duration such as PT4H, P1D or PT30M (no months or years). */
const isoDuration = z
  .string()
  .refine((text) => fixedIsoDurationMs(text) !== null, 'expected an ISO 8601 duration such as PT4H, P1D or PT30M');

const topic = (fallback: string, meaning: string) =>
  z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,249}$/, 'expected a Kafka topic name')
    .default(fallback)
    .describe(meaning);

/**
 * Every environment variable Postventa reads, with its default and meaning.
 * This is the only place that knows about `process.env`; everything else receives `AppConfig`.
 * Fields marked `secret` are redacted whenever configuration is printed or logged.
 */
export const configSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development').describe('Runtime mode.'),
    LOG_LEVEL: z
      .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
      .default('info')
      .describe('Minimum level of the JSON logs written to stdout.'),
    KAFKA_BROKERS: brokerList.describe(
      'Comma-separated Kafka bootstrap servers. Unset: `npm start` and `npm test` run a local KRaft broker.',
    ),
    KAFKA_CLIENT_ID: z.string().min(1).default('postventa').describe('Client id prefix sent to Kafka.'),
    KAFKA_TOPIC_PARTITIONS: z.coerce
      .number()
      .int()
      .min(1)
      .max(1000)
      .default(3)
      .describe('Partitions for the topics Postventa creates at start-up when they are missing.'),
    KAFKA_REPLICATION_FACTOR: z.coerce
      .number()
      .int()
      .min(1)
      .max(10)
      .default(1)
      .describe('Replication factor for the topics Postventa creates.'),
    TOPIC_COMMERCE: topic(DEFAULT_TOPICS.commerce, 'Inbound commerce events (order.*).'),
    TOPIC_USAGE: topic(DEFAULT_TOPICS.usage, 'Inbound product-usage events (account.*, product.*, usage.*).'),
    TOPIC_SUPPORT: topic(DEFAULT_TOPICS.support, 'Inbound support events (ticket.*).'),
    TOPIC_FEEDBACK: topic(
      DEFAULT_TOPICS.feedback,
      'Survey answers, email opens/clicks and unsubscribes (written by the gateway).',
    ),
    TOPIC_TIMERS: topic(DEFAULT_TOPICS.timers, 'Due journey timers (written by the engine scheduler).'),
    TOPIC_COMMANDS: topic(
      DEFAULT_TOPICS.commands,
      'Commands from the engine to the dispatcher (email.send, survey.send, alert.raise).',
    ),
    TOPIC_ACTIVITY: topic(
      DEFAULT_TOPICS.activity,
      'Activity for analytics and other systems (journey.*, email.*, alert.*, risk.changed).',
    ),
    TOPIC_DEAD_LETTER: topic(
      DEFAULT_TOPICS.deadLetter,
      'Messages that could not be accepted, with the reason in their headers.',
    ),
    ENGINE_GROUP_ID: z.string().min(1).default('postventa-engine').describe('Kafka consumer group of the engine.'),
    ENGINE_SESSION_TIMEOUT_MS: z.coerce
      .number()
      .int()
      .min(6000)
      .max(300_000)
      .default(30_000)
      .describe("Kafka session timeout of the engine: how soon a dead engine's partitions move to another one."),
    CONSUMER_REJOIN_TIMEOUT_MS: z.coerce
      .number()
      .int()
      .min(10_000)
      .max(3_600_000)
      .default(120_000)
      .describe(
        'How long a Kafka consumer may stay out of its group (crashed, restarting, rejoining) before its process exits non-zero so a supervisor restarts it.',
      ),
    INGEST_BATCH_SIZE: z.coerce
      .number()
      .int()
      .min(1)
      .max(10000)
      .default(500)
      .describe('Most events the engine handles in one database transaction.'),
    MAX_EVENT_BYTES: z.coerce
      .number()
      .int()
      .min(1024)
      .max(1_000_000)
      .default(262144)
      .describe('Largest accepted event (Kafka message or HTTP event), in bytes.'),
    INGEST_API_KEYS: apiKeyList()
      .describe(
        'Comma-separated API keys accepted by `POST /v1/events` as `Authorization: Bearer <key>`. Unset: only signed requests (INGEST_HMAC_SECRET), except that `npm start` on its own local services makes a key and prints it.',
      )
      .meta({ secret: true }),
    INGEST_HMAC_SECRET: z
      .string()
      .min(16, 'must be at least 16 characters')
      .optional()
      .describe('Shared secret for `X-Postventa-Signature` (HMAC-SHA256) on `POST /v1/events`.')
      .meta({ secret: true }),
    INGEST_MAX_BATCH: z.coerce
      .number()
      .int()
      .min(1)
      .max(5000)
      .default(500)
      .describe('Most events in one `POST /v1/events` request.'),
    INGEST_MAX_BODY_BYTES: z.coerce
      .number()
      .int()
      .min(1024)
      .max(64 * 1024 * 1024)
      .default(10 * 1024 * 1024)
      .describe(
        'Largest `POST /v1/events` body, in bytes; read only after the API key is checked (or, for signed requests, while verifying the signature). Larger: 413.',
      ),
    INGEST_FEEDBACK_API_KEYS: apiKeyList()
      .describe(
        'Comma-separated API keys of external survey tools: accepted by `POST /v1/events` like INGEST_API_KEYS and, unlike them, allowed to post `survey.answered`. Unset: nobody may.',
      )
      .meta({ secret: true }),
    INGEST_RATE_LIMIT_PER_MINUTE: z.coerce
      .number()
      .int()
      .min(1)
      .max(1_000_000)
      .default(1200)
      .describe(
        'Most `POST /v1/events` requests one API key (or the signing secret) may make per minute; more get 429 with Retry-After.',
      ),
    AUTH_FAILURE_LIMIT: z.coerce
      .number()
      .int()
      .min(1)
      .max(100_000)
      .default(20)
      .describe(
        'Failed authentications (ingest, admin API, dashboard) one client address may make per AUTH_FAILURE_WINDOW_SECONDS; past it every request of that address to those routes gets 429 with Retry-After until the window ends.',
      ),
    AUTH_FAILURE_WINDOW_SECONDS: z.coerce
      .number()
      .int()
      .min(1)
      .max(86_400)
      .default(60)
      .describe('Window of AUTH_FAILURE_LIMIT, and how long an address over it is refused, in seconds.'),
    GATEWAY_TRUST_PROXY: z
      .string()
      .min(1)
      .optional()
      .describe(
        "Express `trust proxy` setting of the gateway (a hop count such as `1`, or proxy addresses / subnets, comma-separated), so rate limits see the client's address from `X-Forwarded-For`. Unset: the socket's address.",
      ),
    KAFKA_PRODUCE_MAX_BYTES: z.coerce
      .number()
      .int()
      .min(16 * 1024)
      .max(100 * 1024 * 1024)
      .default(512 * 1024)
      .describe(
        "Most bytes (keys, values, headers) one produce request carries; larger sends are split into several, in order. Keep well under the broker's `message.max.bytes` (1 MiB by default).",
      ),
    DISPATCHER_GROUP_ID: z
      .string()
      .min(1)
      .default('postventa-dispatcher')
      .describe('Kafka consumer group of the dispatcher.'),
    DISPATCHER_BATCH_SIZE: z.coerce
      .number()
      .int()
      .min(1)
      .max(1000)
      .default(100)
      .describe('Most commands the dispatcher takes from Kafka at once.'),
    DISPATCHER_SESSION_TIMEOUT_MS: z.coerce
      .number()
      .int()
      .min(6000)
      .max(300_000)
      .default(30_000)
      .describe(
        "Kafka session timeout of the dispatcher: how soon a dead dispatcher's partitions move to another one.",
      ),
    TEMPLATES_DIR: z
      .string()
      .min(1)
      .default('flows/templates')
      .describe(
        'Folder of the email templates the dispatcher renders and the admin API previews (layouts, partials, locales, one folder per template).',
      ),
    LINK_SIGNING_SECRET: z
      .string()
      .min(32, 'must be at least 32 characters')
      .optional()
      .describe(
        'HMAC key that signs survey, unsubscribe, open and click links. Required when NODE_ENV=production; elsewhere a fixed development key is used, with a warning.',
      )
      .meta({ secret: true }),
    SURVEY_TOKEN_TTL_DAYS: z.coerce
      .number()
      .int()
      .min(1)
      .max(3650)
      .default(30)
      .describe('How long a survey link in an email can be answered, in days.'),
    SURVEY_CHANGE_WINDOW_MINUTES: z.coerce
      .number()
      .int()
      .min(0)
      .max(525_600)
      .default(1440)
      .describe(
        'After the first confirmed answer to a survey, how long another answer (or a comment) changes it, in minutes.',
      ),
    SURVEY_SETTLE_MINUTES: z.coerce
      .number()
      .min(0.01)
      .max(10_080)
      .default(10)
      .describe(
        "A score only opened (GET of a score link) and never confirmed with the page's button becomes the answer after this many minutes.",
      ),
    SURVEY_BURST_SECONDS: z.coerce
      .number()
      .int()
      .min(1)
      .max(3600)
      .default(10)
      .describe(
        'Different scores of one survey opened within this many seconds of each other are a link scanner: they count for nothing until the customer confirms.',
      ),
    LINK_RATE_LIMIT: z.coerce
      .number()
      .int()
      .min(1)
      .max(1_000_000)
      .default(120)
      .describe(
        'Most requests one client address makes to the public link routes (/s, /u, /o, /c, alert acknowledge) per LINK_RATE_WINDOW_SECONDS; more get 429 with Retry-After.',
      ),
    LINK_RATE_WINDOW_SECONDS: z.coerce
      .number()
      .int()
      .min(1)
      .max(86_400)
      .default(60)
      .describe('The window LINK_RATE_LIMIT counts in, in seconds.'),
    ENGAGEMENT_DEDUPE_SECONDS: z.coerce
      .number()
      .int()
      .min(0)
      .max(86_400)
      .default(60)
      .describe(
        'Repeated opens (or clicks) of one email link within this many seconds count once (0: count every hit).',
      ),
    SMTP_RATE_LIMIT: z.coerce
      .number()
      .min(0)
      .max(100_000)
      .default(50)
      .describe('Most emails handed to SMTP per second by one dispatcher (0: no limit).'),
    SMTP_POOL_SIZE: z.coerce
      .number()
      .int()
      .min(1)
      .max(100)
      .default(5)
      .describe(
        "Pooled SMTP connections per dispatcher (also how many emails are sent at once). Each carries one email at a time, four round trips each (MAIL FROM, RCPT TO, DATA, the message): against a relay 50 ms away, 5 connections carry at most about 25 emails/s; raise it within your provider's connection limit.",
      ),
    SMTP_CONNECTION_TIMEOUT_MS: duration
      .default(10_000)
      .describe('How long to wait for an SMTP connection and greeting.'),
    SMTP_SEND_TIMEOUT_MS: duration
      .default(30_000)
      .describe('How long an SMTP conversation may stay silent while sending one email.'),
    DELIVERY_RETRY_INITIAL_MS: duration
      .default(30_000)
      .describe(
        'First wait before resending an email after a temporary failure (SMTP 4xx, no connection, timeout); doubles each attempt.',
      ),
    DELIVERY_RETRY_MAX_MS: duration.default(3_600_000).describe('Longest wait between two attempts of one email.'),
    DELIVERY_MAX_ATTEMPTS: z.coerce
      .number()
      .int()
      .min(1)
      .max(100)
      .default(8)
      .describe('Attempts before an email with temporary failures is given up as failed.'),
    DELIVERY_POLL_INTERVAL_MS: duration
      .default(1000)
      .describe('How often the dispatcher looks for emails due for another attempt.'),
    DISPATCHER_INSTANCE_NAME: z
      .string()
      .max(200)
      .optional()
      .describe(
        'Name of this dispatcher instance; a dispatcher restarted under the same name takes over the deliveries its dead predecessor held at once. Default: the host name.',
      ),
    DISPATCHER_HEARTBEAT_INTERVAL_MS: duration
      .default(2000)
      .describe('How often a dispatcher records that it is alive (the heartbeat that keeps its delivery leases).'),
    DISPATCHER_INSTANCE_TIMEOUT_MS: z.coerce
      .number()
      .int()
      .min(1000)
      .default(10_000)
      .describe(
        'A dispatcher silent this long is dead: other dispatchers take over the deliveries it held (queued ones are sent, ones it had handed to SMTP become `unknown`).',
      ),
    RETENTION_INTERVAL_MS: duration
      .default(600_000)
      .describe('How often the engine prunes old rows (outbox, activity, inbox, deliveries).'),
    RETENTION_BATCH_SIZE: z.coerce
      .number()
      .int()
      .min(1)
      .max(100_000)
      .default(1000)
      .describe('Most rows one pruning statement deletes (small batches keep locks short).'),
    RETENTION_OUTBOX_DAYS: z.coerce
      .number()
      .int()
      .min(0)
      .max(36_500)
      .default(7)
      .describe('Days a published outbox row is kept (0: forever). Unpublished rows are never pruned.'),
    RETENTION_ACTIVITY_DAYS: z.coerce
      .number()
      .int()
      .min(0)
      .max(36_500)
      .default(400)
      .describe('Days activity rows are kept for KPIs (0: forever); the dashboard looks back up to 366 days.'),
    RETENTION_INBOX_DAYS: z.coerce
      .number()
      .int()
      .min(0)
      .max(36_500)
      .default(400)
      .describe(
        "Days inbox rows are kept (0: forever); must exceed the Kafka topics' retention so a redelivered event is still recognised, and the dashboard counts orders from them.",
      ),
    RETENTION_DELIVERIES_DAYS: z.coerce
      .number()
      .int()
      .min(0)
      .max(36_500)
      .default(400)
      .describe(
        "Days finished delivery rows are kept (0: forever); must exceed the commands topic's retention so a redelivered command is not sent again. `unknown` ones are kept.",
      ),
    BRAND_NAME: z
      .string()
      .min(1)
      .default('Postventa')
      .describe('Sender brand shown in emails and on survey / unsubscribe pages (`brand.name`).'),
    BRAND_ADDRESS: z
      .string()
      .min(1)
      .default('Postventa, 1 Example Street, Madrid, Spain')
      .describe(
        'Postal address in the footer of every email (`brand.address`); required by anti-spam law for marketing email.',
      ),
    SUPPORT_EMAIL: z
      .email('must be an email address')
      .default('support@postventa.example')
      .describe('Support address shown in emails (`brand.support_email`).'),
    BRAND_WEBSITE_URL: z
      .url({ protocol: /^https?$/ })
      .optional()
      .describe('Brand website (`brand.website_url`).'),
    BRAND_LOGO_URL: z
      .url({ protocol: /^https?$/ })
      .optional()
      .describe('Logo shown in the email header (`brand.logo_url`).'),
    BRAND_PRIMARY_COLOR: z
      .string()
      .regex(/^#[0-9a-fA-F]{3}(?:[0-9a-fA-F]{3})?$/, 'must be a hex colour such as #0f766e')
      .optional()
      .describe('Header and button colour of emails (`brand.primary_color`).'),
    FLOWS_DIR: z
      .string()
      .min(1)
      .default('flows')
      .describe('Folder of the flow YAML files (and `templates/`) the engine publishes at start-up.'),
    FLOWS_AUTO_PUBLISH: bool
      .default(true)
      .describe('Publish the flows in FLOWS_DIR when the engine starts (a new version only when a file changed).'),
    SCHEDULER_INTERVAL_MS: duration
      .default(1000)
      .describe('How often the engine scheduler looks for due journey timers.'),
    SCHEDULER_BATCH_SIZE: z.coerce
      .number()
      .int()
      .min(1)
      .max(10000)
      .default(500)
      .describe('Most timers the scheduler fires in one transaction.'),
    OUTBOX_INTERVAL_MS: duration
      .default(1000)
      .describe(
        'How often the outbox relay looks for unpublished rows (it is also woken at once by each commit that writes some).',
      ),
    OUTBOX_BATCH_SIZE: z.coerce
      .number()
      .int()
      .min(1)
      .max(10000)
      .default(500)
      .describe('Most outbox rows the relay publishes in one round.'),
    ENGINE_TIMER_GROUP_ID: z
      .string()
      .min(1)
      .optional()
      .describe('Kafka consumer group of the engine for the timers topic. Default: ENGINE_GROUP_ID + `.timers`.'),
    RISK_MODEL_FILE: z
      .string()
      .min(1)
      .default('config/risk.yaml')
      .describe(
        'YAML churn-risk model the engine scores customers with (weights, windows, thresholds). A bad file stops start-up naming the file and the value.',
      ),
    TEAMS_FILE: z
      .string()
      .min(1)
      .default('config/teams.yaml')
      .describe(
        'YAML support teams that receive at-risk alerts: members, language, webhook, escalation contact, routes and SLA.',
      ),
    ALERT_SLA: isoDuration
      .default('PT4H')
      .describe(
        'How long an alert may stay unacknowledged before it is escalated, unless its team sets `sla` (ISO 8601, e.g. PT4H).',
      ),
    ALERT_POLL_INTERVAL_MS: duration
      .default(1000)
      .describe(
        'How often the dispatcher looks for alert emails / webhooks to deliver and alerts to escalate, and the engine for risk reviews that are due.',
      ),
    ALERT_RETRY_INITIAL_MS: duration
      .default(30_000)
      .describe('First wait before retrying a failed alert email or webhook; doubles each attempt.'),
    ALERT_RETRY_MAX_MS: duration
      .default(3_600_000)
      .describe('Longest wait between two attempts of one alert email or webhook.'),
    ALERT_MAX_ATTEMPTS: z.coerce
      .number()
      .int()
      .min(1)
      .max(100)
      .default(8)
      .describe('Attempts before an alert email or webhook is given up as failed.'),
    ALERT_WEBHOOK_TIMEOUT_MS: duration.default(10_000).describe('How long an alert webhook may take to answer.'),
    ALERT_TIMELINE_SIZE: z.coerce
      .number()
      .int()
      .min(1)
      .max(100)
      .default(10)
      .describe('How many recent customer events an alert carries in its timeline.'),
    ALERT_WEBHOOK_SECRET: z
      .string()
      .min(16, 'must be at least 16 characters')
      .optional()
      .describe(
        'Signs alert webhooks: `X-Postventa-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`. Unset: webhooks are sent unsigned.',
      )
      .meta({ secret: true }),
    ADMIN_API_KEYS: apiKeyList()
      .describe(
        'Comma-separated keys accepted by the admin API (`/v1/...`, as `Authorization: Bearer <key>`) and by the dashboard sign-in. Unset: both are closed, except that `npm start` on its own local services makes a key and prints it.',
      )
      .meta({ secret: true }),
    DATABASE_URL: url(['postgres', 'postgresql'])
      .describe('PostgreSQL connection URL. Unset: a local PostgreSQL server is started.')
      .meta({ secret: true }),
    DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10).describe('Connections per process.'),
    SMTP_URL: url(['smtp', 'smtps'])
      .describe('SMTP server URL, e.g. `smtp://user:pass@host:587`. Unset: a local capture server is started.')
      .meta({ secret: true }),
    SMTP_CAPTURE_URL: url(['http', 'https']).describe(
      'HTTP API of the local SMTP capture (set by `npm start` / tests; lists captured emails).',
    ),
    MAIL_FROM: z.string().min(3).default('Postventa <no-reply@postventa.local>').describe('Default sender.'),
    HTTP_HOST: z
      .string()
      .min(1)
      .default('127.0.0.1')
      .describe('Interface the HTTP servers of the three apps listen on.'),
    GATEWAY_PORT: port(3000).describe('HTTP port of the gateway (ingest, links, admin API, dashboard).'),
    ENGINE_PORT: port(3001).describe('HTTP port of the engine (`/health`, `/metrics`).'),
    DISPATCHER_PORT: port(3002).describe('HTTP port of the dispatcher (`/health`, `/metrics`).'),
    PUBLIC_BASE_URL: z
      .url({ protocol: /^https?$/ })
      .optional()
      .describe('Public URL of the gateway, used in links inside emails. Default: http://HTTP_HOST:GATEWAY_PORT.'),
    POSTVENTA_DATA_DIR: z
      .string()
      .min(1)
      .default('.data')
      .describe('Folder for the data of the local services (broker log, database, captured mail).'),
    LOCAL_KAFKA_VERSION: z
      .string()
      .regex(/^\d+\.\d+\.\d+$/)
      .default('4.3.1')
      .describe('Apache Kafka version the local broker runs (jars resolved from Maven Central).'),
    LOCAL_KAFKA_HEAP: z
      .string()
      .regex(/^\d+[mMgG]$/)
      .default('512m')
      .describe('Maximum Java heap of the local broker.'),
    SHUTDOWN_TIMEOUT_MS: duration.default(15000).describe('How long a process waits for in-flight work on SIGTERM.'),
    SUPERVISOR_RESTART_INITIAL_MS: duration
      .default(500)
      .describe(
        '`npm start`: wait before restarting a crashed app or local service; doubles with each crash in the window.',
      ),
    SUPERVISOR_RESTART_MAX_MS: duration.default(15000).describe('`npm start`: longest wait before a restart.'),
    SUPERVISOR_CRASH_LIMIT: z.coerce
      .number()
      .int()
      .min(1)
      .max(1000)
      .default(5)
      .describe(
        '`npm start`: crashes of one app or service within SUPERVISOR_CRASH_WINDOW_MS that stop everything (exit non-zero).',
      ),
    SUPERVISOR_CRASH_WINDOW_MS: duration
      .default(60000)
      .describe('`npm start`: the window in which crashes are counted.'),
    SERVICE_PROBE_TIMEOUT_MS: z.coerce
      .number()
      .int()
      .min(0)
      .default(20000)
      .describe(
        '`npm start`: how long the Kafka, PostgreSQL and SMTP services it is pointed at may take to accept connections (retried with backoff).',
      ),
    RUN_MIGRATIONS: bool.default(true).describe('Apply pending database migrations when an app starts.'),
  })
  .superRefine((config, ctx) => {
    // Rules across variables; `postventa config check` and every app's start-up share them.
    if (config.NODE_ENV === 'production' && !config.LINK_SIGNING_SECRET) {
      ctx.addIssue({
        code: 'custom',
        path: ['LINK_SIGNING_SECRET'],
        message: 'is required when NODE_ENV=production (at least 32 characters)',
      });
    }
  });

export type ConfigValues = z.infer<typeof configSchema>;
export type ConfigKey = keyof ConfigValues;
