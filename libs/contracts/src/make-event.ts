import { ContractError } from './contract-error';
import { type EventEnvelope, type ExtensionValue, POSTVENTA_SOURCE } from './event-envelope.schema';
import type { EventDataMap, ReservedEventType, TypedEvent } from './event-types';
import { validateEvent } from './event-validator';

export interface MakeEventOptions {
  /** Unique per source; pass a deterministic id where retries must not duplicate. */
  id: string;
  /** RFC 3339; from the injected clock, never the wall clock here. */
  time: string;
  /** Default `postventa`. */
  source?: string;
  dataschema?: string;
  /** Extension attributes (lowercase letters and digits), e.g. `traceparent`. */
  extensions?: Readonly<Record<string, ExtensionValue>>;
}

/**
 * Builds a CloudEvent and checks it against the contract; throws `ContractError` when the result
 * would be rejected by consumers (a programming error).
 */
export function makeEvent<K extends ReservedEventType>(
  type: K,
  subject: string,
  data: EventDataMap[K],
  options: MakeEventOptions,
): TypedEvent<K>;
export function makeEvent(
  type: string,
  subject: string,
  data: Record<string, unknown>,
  options: MakeEventOptions,
): EventEnvelope;
export function makeEvent(
  type: string,
  subject: string,
  data: object,
  options: MakeEventOptions,
): EventEnvelope<string, object> {
  const candidate = {
    ...options.extensions,
    specversion: '1.0',
    id: options.id,
    source: options.source ?? POSTVENTA_SOURCE,
    type,
    time: options.time,
    subject,
    datacontenttype: 'application/json',
    ...(options.dataschema === undefined ? {} : { dataschema: options.dataschema }),
    data,
  };
  const result = validateEvent(candidate);
  if (!result.ok) throw ContractError.fromViolation(result.error);
  return result.event;
}
