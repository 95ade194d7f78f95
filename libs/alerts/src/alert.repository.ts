import { Injectable } from '@nestjs/common';
import type { AlertSeverity } from '@postventa/contracts';
import { EntityManager } from 'typeorm';
import type { AlertPatch } from './alert-state-machine';
import { returnedRows } from './sql-rows';
import type { AlertEventRecord, AlertEventType, AlertRecord, AlertState } from './alert.types';
import { ALERT_STATES } from './alert.types';

interface AlertRow {
  id: string;
  customer_id: string;
  reason: string;
  source: AlertRecord['source'];
  severity: AlertSeverity;
  state: AlertState;
  resolution: AlertRecord['resolution'];
  reasons: AlertRecord['reasons'];
  timeline: AlertRecord['timeline'];
  risk_score: number | null;
  team: string;
  owner: string | null;
  signal_count: number;
  first_signal_at: Date;
  last_signal_at: Date;
  raised_at: Date;
  sla_due_at: Date;
  acknowledged_at: Date | null;
  acknowledged_by: string | null;
  resolved_at: Date | null;
  resolved_by: string | null;
  resolution_note: string | null;
  escalated_at: Date | null;
  command_id: string | null;
  journey_id: string | null;
  flow_id: string | null;
  flow_version: number | null;
  step_id: string | null;
  moment: string | null;
  order_id: string | null;
  note: string | null;
  data: Record<string, unknown>;
}

interface AlertEventRow {
  id: string;
  alert_id: string;
  type: AlertEventType;
  actor: string;
  note: string | null;
  data: Record<string, unknown>;
  at: Date;
}

const iso = (value: Date | null): string | null => (value === null ? null : new Date(value).toISOString());

function toRecord(row: AlertRow): AlertRecord {
  return {
    id: row.id,
    customerId: row.customer_id,
    reason: row.reason,
    source: row.source,
    severity: row.severity,
    state: row.state,
    resolution: row.resolution,
    reasons: row.reasons,
    timeline: row.timeline,
    riskScore: row.risk_score,
    team: row.team,
    owner: row.owner,
    signalCount: row.signal_count,
    firstSignalAt: new Date(row.first_signal_at).toISOString(),
    lastSignalAt: new Date(row.last_signal_at).toISOString(),
    raisedAt: new Date(row.raised_at).toISOString(),
    slaDueAt: new Date(row.sla_due_at).toISOString(),
    acknowledgedAt: iso(row.acknowledged_at),
    acknowledgedBy: row.acknowledged_by,
    resolvedAt: iso(row.resolved_at),
    resolvedBy: row.resolved_by,
    resolutionNote: row.resolution_note,
    escalatedAt: iso(row.escalated_at),
    commandId: row.command_id,
    journeyId: row.journey_id,
    flowId: row.flow_id,
    flowVersion: row.flow_version,
    stepId: row.step_id,
    moment: row.moment,
    orderId: row.order_id,
    note: row.note,
    data: row.data,
  };
}

/** Record field → column, for the fields a transition may change. */
const PATCH_COLUMNS: Readonly<Record<keyof AlertPatch, { column: string; cast: string }>> = {
  state: { column: 'state', cast: 'text' },
  severity: { column: 'severity', cast: 'text' },
  resolution: { column: 'resolution', cast: 'text' },
  reasons: { column: 'reasons', cast: 'jsonb' },
  timeline: { column: 'timeline', cast: 'jsonb' },
  riskScore: { column: 'risk_score', cast: 'integer' },
  owner: { column: 'owner', cast: 'text' },
  signalCount: { column: 'signal_count', cast: 'integer' },
  lastSignalAt: { column: 'last_signal_at', cast: 'timestamptz' },
  acknowledgedAt: { column: 'acknowledged_at', cast: 'timestamptz' },
  acknowledgedBy: { column: 'acknowledged_by', cast: 'text' },
  resolvedAt: { column: 'resolved_at', cast: 'timestamptz' },
  resolvedBy: { column: 'resolved_by', cast: 'text' },
  resolutionNote: { column: 'resolution_note', cast: 'text' },
  escalatedAt: { column: 'escalated_at', cast: 'timestamptz' },
};

export interface AlertFilter {
  state?: AlertState;
  team?: string;
  owner?: string;
  severity?: AlertSeverity;
  reason?: string;
  customerId?: string;
  /** Raised at or after. */
  from?: Date;
  /** Raised before. */
  to?: Date;
  limit: number;
  offset: number;
}

/** Alerts and their history: the one door to the `alerts` and `alert_events` tables. */
@Injectable()
export class AlertRepository {
  /** Serialises raising alerts for one customer until the transaction ends. */
  async lockCustomer(db: EntityManager, customerId: string): Promise<void> {
    await db.query(`SELECT pg_advisory_xact_lock(hashtext('postventa.alerts'), hashtext($1))`, [customerId]);
  }

  /** How many alerts are in each state now (every state present, 0 when none). */
  async countByState(db: EntityManager): Promise<Record<AlertState, number>> {
    const rows: Array<{ state: AlertState; count: string }> = await db.query(
      `SELECT state, count(*) AS count FROM alerts GROUP BY state`,
    );
    const counts = Object.fromEntries(ALERT_STATES.map((state) => [state, 0])) as Record<AlertState, number>;
    for (const row of rows) counts[row.state] = Number(row.count);
    return counts;
  }

  async findById(db: EntityManager, id: string): Promise<AlertRecord | null> {
    const rows: AlertRow[] = await db.query(`SELECT * FROM alerts WHERE id = $1`, [id]);
    return rows[0] ? toRecord(rows[0]) : null;
  }

  async findForUpdate(db: EntityManager, id: string): Promise<AlertRecord | null> {
    const rows: AlertRow[] = await db.query(`SELECT * FROM alerts WHERE id = $1 FOR UPDATE`, [id]);
    return rows[0] ? toRecord(rows[0]) : null;
  }

  /** The alert of this customer and reason that is not resolved, locked. */
  async findOpenForUpdate(db: EntityManager, customerId: string, reason: string): Promise<AlertRecord | null> {
    const rows: AlertRow[] = await db.query(
      `SELECT * FROM alerts WHERE customer_id = $1 AND reason = $2 AND state <> 'resolved' FOR UPDATE`,
      [customerId, reason],
    );
    return rows[0] ? toRecord(rows[0]) : null;
  }

  /** Inserts a new alert; false when an unresolved one for the customer and reason exists already. */
  async insert(db: EntityManager, alert: AlertRecord): Promise<boolean> {
    const rows: Array<{ id: string }> = await db.query(
      `INSERT INTO alerts (id, customer_id, reason, source, severity, state, reasons, timeline, risk_score, team, owner, signal_count,
                           first_signal_at, last_signal_at, raised_at, sla_due_at, command_id, journey_id, flow_id, flow_version,
                           step_id, moment, order_id, note, data)
       VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8::jsonb, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25::jsonb)
       ON CONFLICT (customer_id, reason) WHERE state <> 'resolved' DO NOTHING
       RETURNING id`,
      [
        alert.id,
        alert.customerId,
        alert.reason,
        alert.source,
        alert.severity,
        alert.state,
        JSON.stringify(alert.reasons),
        JSON.stringify(alert.timeline),
        alert.riskScore,
        alert.team,
        alert.owner,
        alert.signalCount,
        alert.firstSignalAt,
        alert.lastSignalAt,
        alert.raisedAt,
        alert.slaDueAt,
        alert.commandId,
        alert.journeyId,
        alert.flowId,
        alert.flowVersion,
        alert.stepId,
        alert.moment,
        alert.orderId,
        alert.note,
        JSON.stringify(alert.data),
      ],
    );
    return rows.length === 1;
  }

  async update(db: EntityManager, id: string, patch: AlertPatch, now: Date): Promise<AlertRecord> {
    const sets: string[] = [];
    const values: unknown[] = [id, now];
    for (const [field, value] of Object.entries(patch) as Array<[keyof AlertPatch, unknown]>) {
      if (value === undefined) continue;
      const { column, cast } = PATCH_COLUMNS[field];
      values.push(cast === 'jsonb' ? JSON.stringify(value) : value);
      sets.push(`${column} = $${values.length}::${cast}`);
    }
    const result: unknown = await db.query(
      `UPDATE alerts SET ${[...sets, 'updated_at = $2'].join(', ')} WHERE id = $1 RETURNING *`,
      values,
    );
    return toRecord(returnedRows<AlertRow>(result)[0]);
  }

  async insertEvent(
    db: EntityManager,
    event: {
      alertId: string;
      type: AlertEventType;
      actor: string;
      note?: string | null;
      data?: Record<string, unknown>;
      dedupeKey?: string;
      at: Date;
    },
  ): Promise<AlertEventRecord> {
    const rows: AlertEventRow[] = await db.query(
      `INSERT INTO alert_events (alert_id, type, actor, note, data, dedupe_key, at) VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7)
       RETURNING id, alert_id, type, actor, note, data, at`,
      [
        event.alertId,
        event.type,
        event.actor,
        event.note ?? null,
        JSON.stringify(event.data ?? {}),
        event.dedupeKey ?? null,
        event.at,
      ],
    );
    return toEvent(rows[0]);
  }

  /** The alert a deduplication key (a command id, an event id) was already applied to. */
  async alertIdForDedupeKey(db: EntityManager, dedupeKey: string): Promise<string | null> {
    const rows: Array<{ alert_id: string }> = await db.query(
      `SELECT alert_id FROM alert_events WHERE dedupe_key = $1`,
      [dedupeKey],
    );
    return rows[0]?.alert_id ?? null;
  }

  async events(db: EntityManager, alertId: string): Promise<AlertEventRecord[]> {
    const rows: AlertEventRow[] = await db.query(
      `SELECT id, alert_id, type, actor, note, data, at FROM alert_events WHERE alert_id = $1 ORDER BY id`,
      [alertId],
    );
    return rows.map(toEvent);
  }

  async eventsOfCustomer(
    db: EntityManager,
    customerId: string,
    limit: number,
  ): Promise<Array<AlertEventRecord & { reason: string }>> {
    const rows: Array<AlertEventRow & { reason: string }> = await db.query(
      `SELECT e.id, e.alert_id, e.type, e.actor, e.note, e.data, e.at, a.reason
         FROM alert_events e JOIN alerts a ON a.id = e.alert_id
        WHERE a.customer_id = $1 ORDER BY e.at DESC, e.id DESC LIMIT $2`,
      [customerId, limit],
    );
    return rows.map((row) => ({ ...toEvent(row), reason: row.reason }));
  }

  async list(db: EntityManager, filter: AlertFilter): Promise<AlertRecord[]> {
    const where: string[] = [];
    const values: unknown[] = [];
    const add = (column: string, value: unknown) => {
      if (value === undefined) return;
      values.push(value);
      where.push(`${column} = $${values.length}`);
    };
    add('state', filter.state);
    add('team', filter.team);
    add('owner', filter.owner);
    add('severity', filter.severity);
    add('reason', filter.reason);
    add('customer_id', filter.customerId);
    if (filter.from) {
      values.push(filter.from);
      where.push(`raised_at >= $${values.length}`);
    }
    if (filter.to) {
      values.push(filter.to);
      where.push(`raised_at < $${values.length}`);
    }
    values.push(filter.limit, filter.offset);
    const rows: AlertRow[] = await db.query(
      `SELECT * FROM alerts ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY raised_at DESC, id LIMIT $${values.length - 1} OFFSET $${values.length}`,
      values,
    );
    return rows.map(toRecord);
  }

  /** Name and email of the customer an alert is about, from the profile the engine keeps. */
  async customerContact(db: EntityManager, customerId: string): Promise<{ name: string | null; email: string | null }> {
    const rows: Array<{ name: string | null; email: string | null }> = await db.query(
      `SELECT name, email FROM customers WHERE id = $1`,
      [customerId],
    );
    return rows[0] ?? { name: null, email: null };
  }

  /** Unacknowledged alerts past their SLA that were never escalated, locked (others skip them). */
  async claimOverdue(db: EntityManager, now: Date, limit: number): Promise<AlertRecord[]> {
    const rows: AlertRow[] = await db.query(
      `SELECT * FROM alerts WHERE state = 'open' AND escalated_at IS NULL AND sla_due_at <= $1
        ORDER BY sla_due_at LIMIT $2 FOR UPDATE SKIP LOCKED`,
      [now, limit],
    );
    return rows.map(toRecord);
  }
}

function toEvent(row: AlertEventRow): AlertEventRecord {
  return {
    id: String(row.id),
    alertId: row.alert_id,
    type: row.type,
    actor: row.actor,
    note: row.note,
    data: row.data,
    at: new Date(row.at).toISOString(),
  };
}
