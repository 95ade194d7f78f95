import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { runWrites, type SqlWrite } from '../transaction/sql-writes';
import type { OutboxMessage, OutboxRow } from './outbox-message';

/** Postgres channel that wakes the relay when a transaction that wrote outbox rows commits. */
export const OUTBOX_CHANNEL = 'postventa_outbox';
/** Advisory lock held by the one relay publishing at a time (keeps per-key order across processes). */
const RELAY_LOCK = 7_310_201;

interface OutboxDbRow {
  id: string;
  topic: OutboxRow['topic'];
  key: string;
  headers: Record<string, string>;
  payload: object;
}

export interface OutboxBacklog {
  count: number;
  oldestAgeSeconds: number;
}

/** The transactional outbox: rows written with the state change, published by the relay. */
@Injectable()
export class OutboxRepository {
  /**
   * Writes the messages in one statement, in order (ids grow with the array), and notifies the
   * relay; Postgres delivers the notification only if and when the transaction commits.
   */
  async insertMany(db: EntityManager, messages: readonly OutboxMessage[]): Promise<void> {
    const insert = this.insertWrite(messages);
    // The insert and the notification in one round trip (a data-modifying WITH runs exactly once).
    if (insert) await runWrites(db, [insert], this.notifyQuery());
  }

  /**
   * The insert of `insertMany` as one write of a combined statement (null when there is nothing
   * to write); end that statement with `notifyQuery()`.
   */
  insertWrite(messages: readonly OutboxMessage[]): SqlWrite | null {
    if (messages.length === 0) return null;
    const rows = messages.map((m, ord) => ({
      ord,
      topic: m.topic,
      key: m.key,
      headers: m.headers,
      payload: m.payload,
    }));
    return {
      sql: `INSERT INTO outbox (topic, key, headers, payload)
         SELECT topic, key, headers, payload
           FROM jsonb_to_recordset($1::jsonb) AS x(ord integer, topic text, key text, headers jsonb, payload jsonb)
          ORDER BY ord`,
      params: [JSON.stringify(rows)],
    };
  }

  /** Wakes the relays when the transaction commits: the main query of a statement that writes outbox rows. */
  notifyQuery(): SqlWrite {
    return { sql: `SELECT pg_notify($1, '')`, params: [OUTBOX_CHANNEL] };
  }

  /**
   * Claims the oldest unpublished rows and marks them published at `at` in one statement, in id
   * order, for this transaction: the caller publishes them before it commits, and a rollback
   * (a send that failed, a crash before the commit) leaves them unpublished for the next round.
   * Returns null when another relay holds the relay lock.
   */
  async claimAndMark(db: EntityManager, limit: number, at: Date): Promise<OutboxRow[] | null> {
    // One round trip: the relay lock is tried first (a one-time filter), and only a relay that
    // holds it selects and locks rows, so two relays never publish interleaved rows.
    const result: Array<OutboxDbRow & { locked: boolean }> = await db.query(
      `WITH lock AS MATERIALIZED (SELECT pg_try_advisory_xact_lock($3) AS locked),
       claimed AS (
         UPDATE outbox SET published_at = $2
          WHERE (SELECT locked FROM lock)
            AND id = ANY(ARRAY(
              SELECT id FROM outbox WHERE published_at IS NULL ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED))
          RETURNING id, topic, key, headers, payload)
       SELECT (SELECT locked FROM lock) AS locked, claimed.* FROM (SELECT 1) AS one LEFT JOIN claimed ON true`,
      [limit, at, RELAY_LOCK],
    );
    if (!result[0]?.locked) return null;
    const rows = result.filter((r) => r.id !== null);
    // RETURNING follows no order: ids are bigints, so shorter text is smaller.
    rows.sort(
      (a, b) =>
        String(a.id).length - String(b.id).length ||
        (String(a.id) < String(b.id) ? -1 : String(a.id) > String(b.id) ? 1 : 0),
    );
    return rows.map((r) => ({ id: String(r.id), topic: r.topic, key: r.key, headers: r.headers, payload: r.payload }));
  }

  /**
   * Deletes published rows published before `before`, oldest ids first, at most `limit` (never an
   * unpublished row; rows a relay holds are skipped). Returns how many went.
   */
  async prunePublished(db: EntityManager, before: Date, limit: number): Promise<number> {
    const [, count]: [unknown, number] = await db.query(
      `DELETE FROM outbox WHERE id = ANY(ARRAY(
         SELECT id FROM outbox WHERE published_at IS NOT NULL AND published_at < $1
          ORDER BY id LIMIT $2 FOR UPDATE SKIP LOCKED))`,
      [before, limit],
    );
    return count;
  }

  async backlog(db: EntityManager, now: Date): Promise<OutboxBacklog> {
    const [row]: Array<{ count: string; oldest: Date | null }> = await db.query(
      `SELECT count(*) AS count, min(created_at) AS oldest FROM outbox WHERE published_at IS NULL`,
    );
    const oldest = row?.oldest ? new Date(row.oldest).getTime() : now.getTime();
    return { count: Number(row?.count ?? 0), oldestAgeSeconds: Math.max(0, (now.getTime() - oldest) / 1000) };
  }
}
