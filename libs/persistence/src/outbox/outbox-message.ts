import type { TopicKey } from '@postventa/contracts';

/**
 * A message written in the same transaction as the state change that caused it, and published
 * later by the outbox relay. `topic` is the logical topic; the relay maps it to the Kafka name.
 */
export interface OutboxMessage {
  topic: TopicKey;
  /** The customer id, so one customer's messages stay on one partition, in order. */
  key: string;
  headers: Record<string, string>;
  payload: object;
}

/** An outbox row claimed by the relay. */
export interface OutboxRow extends OutboxMessage {
  id: string;
}
