import { z } from 'zod';

const port = (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback);
const url = (protocols: string[]) =>
  z.url({ protocol: new RegExp(`^(${protocols.join('|')})$`) }).optional();

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

const topic = (fallback: string, meaning: string) =>
  z.string().regex(/^[A-Za-z0-9._-]{1,249}$/, 'expected a Kafka topic name').default(fallback).describe(meaning);

/**
 * Every environment variable Postventa reads, with its default and meaning.
 * This is the only place that knows about `process.env`; everything else receives `AppConfig`.
 * Fields marked `secret` are redacted whenever configuration is printed or logged.
 */
export const configSchema = z.object({
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
  TOPIC_COMMERCE: topic('postventa.commerce.v1', 'Inbound commerce events (order.*).'),
  TOPIC_USAGE: topic('postventa.usage.v1', 'Inbound product-usage events (account.*, product.*, usage.*).'),
  TOPIC_SUPPORT: topic('postventa.support.v1', 'Inbound support events (ticket.*).'),
  TOPIC_FEEDBACK: topic('postventa.feedback.v1', 'Survey answers, email opens/clicks and unsubscribes (written by the gateway).'),
  TOPIC_TIMERS: topic('postventa.timers.v1', 'Due journey timers (written by the engine scheduler).'),
  TOPIC_COMMANDS: topic('postventa.commands.v1', 'Commands from the engine to the dispatcher (email.send, survey.send, alert.raise).'),
  TOPIC_ACTIVITY: topic('postventa.activity.v1', 'Activity for analytics and other systems (journey.*, email.*, alert.*, risk.changed).'),
  TOPIC_DEAD_LETTER: topic('postventa.dead-letter.v1', 'Messages that could not be accepted, with the reason in their headers.'),
  ENGINE_GROUP_ID: z.string().min(1).default('postventa-engine').describe('Kafka consumer group of the engine.'),
  INGEST_BATCH_SIZE: z.coerce.number().int().min(1).max(10000).default(500).describe('Most events the engine handles in one database transaction.'),
  MAX_EVENT_BYTES: z.coerce.number().int().min(1024).max(1_000_000).default(262144).describe('Largest accepted event (Kafka message or HTTP event), in bytes.'),
  INGEST_API_KEYS: z
    .string()
    .optional()
    .transform((value) => (value ?? '').split(',').map((k) => k.trim()).filter(Boolean))
    .pipe(z.array(z.string().min(16, 'API keys must be at least 16 characters')))
    .describe('Comma-separated API keys accepted by `POST /v1/events` as `Authorization: Bearer <key>`.')
    .meta({ secret: true }),
  INGEST_HMAC_SECRET: z
    .string()
    .min(16, 'must be at least 16 characters')
    .optional()
    .describe('Shared secret for `X-Postventa-Signature` (HMAC-SHA256) on `POST /v1/events`.')
    .meta({ secret: true }),
  INGEST_MAX_BATCH: z.coerce.number().int().min(1).max(5000).default(500).describe('Most events in one `POST /v1/events` request.'),
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
  HTTP_HOST: z.string().min(1).default('127.0.0.1').describe('Interface the HTTP servers of the three apps listen on.'),
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
  RUN_MIGRATIONS: bool.default(true).describe('Apply pending database migrations when an app starts.'),
});

export type ConfigValues = z.infer<typeof configSchema>;
export type ConfigKey = keyof ConfigValues;
