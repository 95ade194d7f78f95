import { Injectable } from '@nestjs/common';
import type { TimerSpec } from '@postventa/journeys';
import { EntityManager } from 'typeorm';
import type { SqlWrite } from '@postventa/persistence';

/** A pending timer claimed by the scheduler. */
export interface DueTimer {
  timer_id: string;
  journey_id: string;
  customer_id: string;
  flow_id: string;
  flow_version: string;
  step_id: string;
  seq: number;
  purpose: string;
  due_at: Date;
}

/** Durable journey timers: set and cancelled with the journey's state, fired by the scheduler. */
@Injectable()
export class TimerRepository {
  /**
   * Stores new timers (a timer id already stored is left alone), as one write of a combined
   * statement (`runWrites`); null when there is nothing to write.
   */
  insertWrite(timers: readonly TimerSpec[]): SqlWrite | null {
    if (timers.length === 0) return null;
    const rows = timers.map((t) => ({
      timer_id: t.timer_id,
      journey_id: t.journey_id,
      customer_id: t.customer_id,
      flow_id: t.flow.id,
      flow_version: t.flow.version,
      step_id: t.step_id,
      seq: t.seq,
      purpose: t.purpose,
      due_at: t.due_at,
    }));
    return {
      sql: `INSERT INTO journey_timers (timer_id, journey_id, customer_id, flow_id, flow_version, step_id, seq, purpose, due_at)
       SELECT timer_id, journey_id, customer_id, flow_id, flow_version, step_id, seq, purpose, due_at
         FROM jsonb_to_recordset($1::jsonb) AS x(timer_id text, journey_id text, customer_id text, flow_id text,
              flow_version text, step_id text, seq integer, purpose text, due_at timestamptz)
       ON CONFLICT (timer_id) DO NOTHING`,
      params: [JSON.stringify(rows)],
    };
  }

  /**
   * Cancels pending timers (one already fired stays fired: its firing is stale and changes
   * nothing), as one write of a combined statement; null when there is nothing to cancel.
   */
  cancelWrite(timerIds: readonly string[], at: Date): SqlWrite | null {
    if (timerIds.length === 0) return null;
    return {
      sql: `UPDATE journey_timers SET status = 'cancelled', cancelled_at = $2 WHERE timer_id = ANY($1::text[]) AND status = 'pending'`,
      params: [timerIds, at],
    };
  }

  /**
   * Claims up to `limit` pending timers due by `now`, oldest first, and marks them fired at `now`,
   * in one statement; timers another scheduler is firing right now are skipped (SKIP LOCKED). The
   * caller's transaction writes their firings: a rollback leaves them pending. Returned oldest first.
   */
  async claimAndMarkFired(db: EntityManager, now: Date, limit: number): Promise<DueTimer[]> {
    // TypeORM answers an UPDATE with [rows, affected].
    const [rows]: [Array<Omit<DueTimer, 'due_at'> & { due_at: Date }>, number] = await db.query(
      `UPDATE journey_timers SET status = 'fired', fired_at = $1
        WHERE timer_id = ANY(ARRAY(
          SELECT timer_id FROM journey_timers
           WHERE status = 'pending' AND due_at <= $1
           ORDER BY due_at, timer_id
           LIMIT $2
           FOR UPDATE SKIP LOCKED))
       RETURNING timer_id, journey_id, customer_id, flow_id, flow_version, step_id, seq, purpose, due_at`,
      [now, limit],
    );
    // RETURNING follows no order: back to due time, then id.
    return rows
      .map((r) => ({ ...r, seq: Number(r.seq), due_at: new Date(r.due_at) }))
      .sort(
        (a, b) =>
          a.due_at.getTime() - b.due_at.getTime() || (a.timer_id < b.timer_id ? -1 : a.timer_id > b.timer_id ? 1 : 0),
      );
  }

  /**
   * Pending timers by where they stand at `now`: `scheduled` (not due yet), `due` (due, to be
   * fired on a coming round) and `overdue` (due since before `overdueBefore`: the scheduler is behind).
   */
  async pendingByState(
    db: EntityManager,
    now: Date,
    overdueBefore: Date,
  ): Promise<{ scheduled: number; due: number; overdue: number }> {
    const [row]: Array<{ scheduled: string; due: string; overdue: string }> = await db.query(
      `SELECT count(*) FILTER (WHERE due_at > $1) AS scheduled,
              count(*) FILTER (WHERE due_at <= $1 AND due_at > $2) AS due,
              count(*) FILTER (WHERE due_at <= $2) AS overdue
         FROM journey_timers WHERE status = 'pending'`,
      [now, overdueBefore],
    );
    return { scheduled: Number(row?.scheduled ?? 0), due: Number(row?.due ?? 0), overdue: Number(row?.overdue ?? 0) };
  }

  /** When the earliest pending timer is due (null when none is pending). */
  async nextDueAt(db: EntityManager): Promise<Date | null> {
    const [row]: Array<{ next: Date | null }> = await db.query(
      `SELECT min(due_at) AS next FROM journey_timers WHERE status = 'pending'`,
    );
    return row?.next ? new Date(row.next) : null;
  }

  /** Seconds the oldest due pending timer is late (0 when none is due). */
  async lagSeconds(db: EntityManager, now: Date): Promise<number> {
    const [row]: Array<{ oldest: Date | null }> = await db.query(
      `SELECT min(due_at) AS oldest FROM journey_timers WHERE status = 'pending' AND due_at <= $1`,
      [now],
    );
    return row?.oldest ? Math.max(0, (now.getTime() - new Date(row.oldest).getTime()) / 1000) : 0;
  }
}
