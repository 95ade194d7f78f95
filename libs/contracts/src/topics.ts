
/** Logical topics; deployments may rename them (see `TopicMap`), code refers to keys only. */
export const DEFAULT_TOPICS = {
  commerce: 'postventa.commerce.v1',
  usage: 'postventa.usage.v1',
  support: 'postventa.support.v1',
  feedback: 'postventa.feedback.v1',
  timers: 'postventa.timers.v1',
  commands: 'postventa.commands.v1',
  activity: 'postventa.activity.v1',
  deadLetter: 'postventa.dead-letter.v1',
} as const;

export type TopicKey = keyof typeof DEFAULT_TOPICS;
/** Logical topic → actual Kafka topic name. */
export type TopicMap = Readonly<Record<TopicKey, string>>;

export const TOPIC_KEYS = Object.keys(DEFAULT_TOPICS) as readonly TopicKey[];

/** The configuration variable that renames each logical topic (`deadLetter` → `TOPIC_DEAD_LETTER`). */
export const TOPIC_VARIABLES = {
  commerce: 'TOPIC_COMMERCE',
  usage: 'TOPIC_USAGE',
  support: 'TOPIC_SUPPORT',
  feedback: 'TOPIC_FEEDBACK',
  timers: 'TOPIC_TIMERS',
  commands: 'TOPIC_COMMANDS',
  activity: 'TOPIC_ACTIVITY',
  deadLetter: 'TOPIC_DEAD_LETTER',
} as const satisfies Record<TopicKey, `TOPIC_${string}`>;

export type TopicVariable = (typeof TOPIC_VARIABLES)[TopicKey];

/** Topics the engine consumes domain events from (platforms and the gateway write them). */
export const INBOUND_TOPIC_KEYS = ['commerce', 'usage', 'support', 'feedback'] as const satisfies readonly TopicKey[];

/** Reserved types that do not follow the prefix rule (`email.opened` is feedback, `email.sent` activity). */
const EXACT_TOPICS: Readonly<Record<string, TopicKey>> = {
  'email.opened': 'feedback',
  'email.clicked': 'feedback',
  'customer.unsubscribed': 'feedback',
  'email.sent': 'activity',
  'email.failed': 'activity',
  'email.bounced': 'activity',
};

/** First segment of the type → topic. */
const PREFIX_TOPICS: Readonly<Record<string, TopicKey>> = {
  order: 'commerce',
  account: 'usage',
  product: 'usage',
  usage: 'usage',
  ticket: 'support',
  survey: 'feedback',
  journey: 'activity',
  alert: 'activity',
  risk: 'activity',
  timer: 'timers',
};

/**
 * Which logical topic an event type belongs on. The rule, in order:
 * 1. `email.opened`, `email.clicked`, `customer.unsubscribed` → feedback;
 *    `email.sent`, `email.failed`, `email.bounced` → activity;
 * 2. by the first segment: `order.` → commerce; `account.`, `product.`, `usage.` → usage;
 *    `ticket.` → support; `survey.` → feedback; `journey.`, `alert.`, `risk.` → activity;
 *    `timer.` → timers;
 * 3. anything else (a platform's own types such as `subscription.renewed`) → commerce.
 */
export function topicKeyForEventType(type: string): TopicKey {
  const exact = EXACT_TOPICS[type];
  if (exact !== undefined && Object.prototype.hasOwnProperty.call(EXACT_TOPICS, type)) return exact;
  const prefix = type.split('.', 1)[0] ?? '';
  if (Object.prototype.hasOwnProperty.call(PREFIX_TOPICS, prefix)) {
    const key = PREFIX_TOPICS[prefix];
    if (key !== undefined) return key;
  }
  return 'commerce';
}

/** The Kafka topic name for an event type (see `topicKeyForEventType` for the rule). */
export function topicForEventType(type: string, topics: TopicMap = DEFAULT_TOPICS): string {
  return topics[topicKeyForEventType(type)];
}

/** Headers a dead-lettered message carries, beside its original headers, key and value. */
export const DLQ_HEADERS = {
  reasonCode: 'x-dlq-reason-code',
  reasonMessage: 'x-dlq-reason-message',
  reasonPath: 'x-dlq-reason-path',
  originalTopic: 'x-dlq-original-topic',
  originalPartition: 'x-dlq-original-partition',
  originalOffset: 'x-dlq-original-offset',
  failedAt: 'x-dlq-failed-at',
} as const;

export type DlqHeaderName = (typeof DLQ_HEADERS)[keyof typeof DLQ_HEADERS];

export interface DeadLetterOrigin {
  topic: string;
  partition: number;
  offset: string;
}

/** The dead-letter headers for a rejected message; `failedAt` is an RFC 3339 timestamp. */
export function deadLetterHeaders(
  reason: { code: string; message: string; path: string },
  origin: DeadLetterOrigin,
  failedAt: string,
): Record<DlqHeaderName, string> {
  return {
    [DLQ_HEADERS.reasonCode]: reason.code,
    [DLQ_HEADERS.reasonMessage]: reason.message,
    [DLQ_HEADERS.reasonPath]: reason.path,
    [DLQ_HEADERS.originalTopic]: origin.topic,
    [DLQ_HEADERS.originalPartition]: String(origin.partition),
    [DLQ_HEADERS.originalOffset]: origin.offset,
    [DLQ_HEADERS.failedAt]: failedAt,
  };
}
