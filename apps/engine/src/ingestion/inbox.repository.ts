import { Injectable } from '@nestjs/common';
import type { EventEnvelope } from '@postventa/contracts';
import { EntityManager } from 'typeorm';

export interface InboxEntry {
  event: EventEnvelope;
  topic: string | null;
  partition: number | null;
  offset: string | null;
}

/** The first key of the engine's per-customer advisory locks (the second is the id's hash). */
const CUSTOMER_LOCK_SPACE = 7_201;

/** The idempotent inbox: every accepted event id once. */
@Injectable()
export class InboxRepository {
  /**
   * In one statement: takes the entries' customers, one transaction-scoped advisory lock each and
   * always in the same order (so two batches never wait on each other in a cycle), then records
   * the entries and returns the ids that were new. Batches of different partitions run side by
   * side; two that share a customer, even one new to Postgres (no row to lock yet), take their
   * turns, so a customer's events are never worked on twice at once. The locks are a one-time
   * filter of the insert: taken before any row is written or checked for a conflict.
   *
   * Ids already in the inbox (redelivery, producer retry, replay) are left alone and not
   * returned. With `processedAt`, the new rows are recorded as processed then: the caller's
   * transaction does the processing, so they are processed when, and only if, it commits.
   */
  async lockAndInsertNew(db: EntityManager, entries: readonly InboxEntry[], processedAt?: Date): Promise<Set<string>> {
    if (entries.length === 0) return new Set();
    const rows = entries.map((e) => ({
      event_id: e.event.id,
      type: e.event.type,
      source: e.event.source,
      customer_id: e.event.subject,
      event_time: e.event.time,
      topic: e.topic,
      partition: e.partition,
      offset: e.offset,
      envelope: e.event,
    }));
    const customerIds = [...new Set(entries.map((e) => e.event.subject))];
    const inserted: Array<{ event_id: string }> = await db.query(
      `WITH locks AS MATERIALIZED (
         SELECT count(pg_advisory_xact_lock(${CUSTOMER_LOCK_SPACE}, h)) AS taken
           FROM (SELECT DISTINCT hashtext(id) AS h FROM unnest($3::text[]) AS id ORDER BY 1) AS keys)
       INSERT INTO inbox_events (event_id, type, source, customer_id, event_time, topic, partition, "offset", envelope, processed_at)
       SELECT event_id, type, source, customer_id, event_time, topic, partition, "offset", envelope, $2::timestamptz
         FROM jsonb_to_recordset($1::jsonb) AS x(event_id text, type text, source text, customer_id text,
              event_time timestamptz, topic text, partition integer, "offset" bigint, envelope jsonb)
        WHERE (SELECT taken FROM locks) >= 0
       ON CONFLICT (event_id) DO NOTHING
       RETURNING event_id`,
      [JSON.stringify(rows), processedAt ?? null, customerIds],
    );
    return new Set(inserted.map((r) => r.event_id));
  }

  /**
   * Deletes processed inbox rows received before `before`, at most `limit` (an unprocessed one is
   * never pruned). Returns how many went. After this, a redelivery of such an event would be new
   * again: RETENTION_INBOX_DAYS stays above the topics' retention.
   */
  async pruneProcessed(db: EntityManager, before: Date, limit: number): Promise<number> {
    const [, count]: [unknown, number] = await db.query(
      `DELETE FROM inbox_events WHERE ctid = ANY(ARRAY(
         SELECT ctid FROM inbox_events WHERE received_at < $1 AND processed_at IS NOT NULL LIMIT $2 FOR UPDATE SKIP LOCKED))`,
      [before, limit],
    );
    return count;
  }
}
