import {
  ACTIVITY_EVENT_TYPES,
  FEEDBACK_EVENT_TYPES,
  TIMER_EVENT_TYPES,
  topicKeyForEventType,
} from '@postventa/contracts';

/**
 * Who may post an event type to `POST /v1/events`:
 * - `platform`: what commerce, product and support platforms send (commerce, usage and support
 *   topics, and a platform's own types such as `subscription.renewed`); any ingest key or signature;
 * - `feedback`: survey answers from an external survey tool; only keys from INGEST_FEEDBACK_API_KEYS;
 * - `internal`: what Postventa itself produces (timers, journeys, alerts, risk, email activity,
 *   survey answers and unsubscribes from its own links); nobody.
 */
export type IngestScope = 'platform' | 'feedback' | 'internal';

/** First segments of the types Postventa produces: the whole namespace is its own, known type or not. */
const PRODUCT_PREFIXES: ReadonlySet<string> = new Set(['timer', 'survey', 'email', 'journey', 'alert', 'risk']);

/** Every reserved type Postventa produces (e.g. `customer.unsubscribed`, outside those prefixes). */
const PRODUCT_TYPES: ReadonlySet<string> = new Set<string>([
  ...FEEDBACK_EVENT_TYPES,
  ...ACTIVITY_EVENT_TYPES,
  ...TIMER_EVENT_TYPES,
]);

/** Feedback an external survey tool may send with a feedback key. */
const EXTERNAL_FEEDBACK_TYPES: ReadonlySet<string> = new Set(['survey.answered']);

const PLATFORM_TOPICS: ReadonlySet<string> = new Set(['commerce', 'usage', 'support']);

export function ingestScopeOf(type: string): IngestScope {
  if (EXTERNAL_FEEDBACK_TYPES.has(type)) return 'feedback';
  if (PRODUCT_TYPES.has(type) || PRODUCT_PREFIXES.has(type.split('.', 1)[0] ?? '')) return 'internal';
  return PLATFORM_TOPICS.has(topicKeyForEventType(type)) ? 'platform' : 'internal';
}
