import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { summarizeEvent } from './event-summary';

/** One thing that happened to a customer, from whichever table recorded it. */
export interface TimelineItem {
  at: string;
  /** `event` (inbox), `activity` (journeys, emails, risk), `message` (deliveries), `survey`, `alert`. */
  kind: 'event' | 'activity' | 'message' | 'survey' | 'alert';
  type: string;
  summary: string;
  ref?: string;
  data?: Record<string, unknown>;
}

const UNDEFINED_TABLE = '42P01';
const UNDEFINED_COLUMN = '42703';

const iso = (value: Date | string) => new Date(value).toISOString();

/**
 * A customer's recent history from every table that has some of it: inbox events, journey and
 * email activity, message deliveries, survey answers and alerts. Tables another part of the
 * product has not created yet (or shaped differently) are skipped, never an error; inside a
 * transaction each read runs under a savepoint so a missing table cannot abort the caller's work.
 */
@Injectable()
export class CustomerTimelineRepository {
  async recent(db: EntityManager, customerId: string, limit: number): Promise<TimelineItem[]> {
    const [events, activity, messages, surveys, alerts] = [
      await this.optional(db, () => this.inboxEvents(db, customerId, limit)),
      await this.optional(db, () => this.activity(db, customerId, limit)),
      await this.optional(db, () => this.deliveries(db, customerId, limit)),
      await this.optional(db, () => this.surveyAnswers(db, customerId, limit)),
      await this.optional(db, () => this.alertEvents(db, customerId, limit)),
    ];
    const answered = new Set(surveys.map((item) => item.ref));
    const items = [
      // A survey answer is both an inbox event and a survey_answers row: keep the row.
      ...events.filter((item) => !(item.type === 'survey.answered' && item.ref && answered.has(item.ref))),
      ...activity,
      ...messages,
      ...surveys,
      ...alerts,
    ];
    return items.sort((a, b) => Date.parse(b.at) - Date.parse(a.at)).slice(0, limit);
  }

  private async optional(db: EntityManager, read: () => Promise<TimelineItem[]>): Promise<TimelineItem[]> {
    const inTransaction = db.queryRunner?.isTransactionActive ?? false;
    if (inTransaction) await db.query('SAVEPOINT customer_timeline');
    try {
      const items = await read();
      if (inTransaction) await db.query('RELEASE SAVEPOINT customer_timeline');
      return items;
    } catch (error) {
      if (inTransaction) await db.query('ROLLBACK TO SAVEPOINT customer_timeline');
      const code = (error as { code?: string }).code;
      if (code === UNDEFINED_TABLE || code === UNDEFINED_COLUMN) return [];
      throw error;
    }
  }

  private async inboxEvents(db: EntityManager, customerId: string, limit: number): Promise<TimelineItem[]> {
    const rows: Array<{ event_id: string; type: string; event_time: Date; data: Record<string, unknown> | null }> =
      await db.query(
        `SELECT event_id, type, event_time, envelope->'data' AS data FROM inbox_events
        WHERE customer_id = $1 ORDER BY event_time DESC LIMIT $2`,
        [customerId, limit],
      );
    return rows.map((row) => {
      const data = row.data ?? {};
      return {
        at: iso(row.event_time),
        kind: 'event',
        type: row.type,
        summary: summarizeEvent(row.type, data),
        ref: row.type === 'survey.answered' && typeof data.survey_id === 'string' ? data.survey_id : row.event_id,
      };
    });
  }

  private async activity(db: EntityManager, customerId: string, limit: number): Promise<TimelineItem[]> {
    const rows: Array<{ id: string; type: string; occurred_at: Date; data: Record<string, unknown> }> = await db.query(
      `SELECT id, type, occurred_at, data FROM activity
        WHERE customer_id = $1 AND type NOT LIKE 'alert.%' ORDER BY occurred_at DESC LIMIT $2`,
      [customerId, limit],
    );
    return rows.map((row) => ({
      at: iso(row.occurred_at),
      kind: 'activity',
      type: row.type,
      summary: summarizeEvent(row.type, row.data),
      ref: row.id,
    }));
  }

  private async deliveries(db: EntityManager, customerId: string, limit: number): Promise<TimelineItem[]> {
    const rows: Array<{
      command_id: string;
      command_type: string;
      template: string;
      status: string;
      created_at: Date;
      sent_at: Date | null;
    }> = await db.query(
      `SELECT command_id, command_type, template, status, created_at, sent_at FROM deliveries
          WHERE customer_id = $1 ORDER BY created_at DESC LIMIT $2`,
      [customerId, limit],
    );
    return rows.map((row) => ({
      at: iso(row.sent_at ?? row.created_at),
      kind: 'message',
      type: row.command_type,
      summary: `${row.command_type === 'survey.send' ? 'Survey' : 'Email'} ${row.template}: ${row.status}`,
      ref: row.command_id,
    }));
  }

  private async surveyAnswers(db: EntityManager, customerId: string, limit: number): Promise<TimelineItem[]> {
    const rows: Array<{ survey_id: string; kind: string; score: number; comment: string | null; updated_at: Date }> =
      await db.query(
        `SELECT survey_id, kind, score, comment, updated_at FROM survey_answers
        WHERE customer_id = $1 ORDER BY updated_at DESC LIMIT $2`,
        [customerId, limit],
      );
    return rows.map((row) => ({
      at: iso(row.updated_at),
      kind: 'survey',
      type: 'survey.answered',
      summary: summarizeEvent('survey.answered', {
        kind: row.kind,
        score: row.score,
        comment: row.comment ?? undefined,
      }),
      ref: row.survey_id,
    }));
  }

  private async alertEvents(db: EntityManager, customerId: string, limit: number): Promise<TimelineItem[]> {
    const rows: Array<{
      id: string;
      alert_id: string;
      type: string;
      actor: string;
      note: string | null;
      at: Date;
      reason: string;
      severity: string;
    }> = await db.query(
      `SELECT e.id, e.alert_id, e.type, e.actor, e.note, e.at, a.reason, a.severity
           FROM alert_events e JOIN alerts a ON a.id = e.alert_id
          WHERE a.customer_id = $1 ORDER BY e.at DESC, e.id DESC LIMIT $2`,
      [customerId, limit],
    );
    return rows.map((row) => ({
      at: iso(row.at),
      kind: 'alert',
      type: `alert.${row.type}`,
      summary: `Alert ${row.reason} ${row.type.replace('_', '-')} by ${row.actor}${row.note ? `: ${row.note}` : ''}`,
      ref: row.alert_id,
      data: { alert_id: row.alert_id, actor: row.actor, ...(row.note ? { note: row.note } : {}) },
    }));
  }
}
