import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  AlertKpis,
  CountByKey,
  EmailKpis,
  FlowKpis,
  flowSteps,
  FunnelKpis,
  Kpis,
  NpsKpis,
  npsFromDistribution,
  TrendPoint,
} from './dashboard-kpis';

/** The dispatcher's error code for a hard bounce (`DeliveryErrorCode.HardBounce`). */
const HARD_BOUNCE = 'HARD_BOUNCE';
/** PostgreSQL `undefined_table`: a panel whose table does not exist yet shows zeros. */
const UNDEFINED_TABLE = '42P01';

const IN_PERIOD = (column: string) => `${column} >= $1 AND ${column} < $2`;

interface FunnelRow {
  orders: number;
  journeys_entered: number;
  first_use: number;
  surveys_answered: number;
  promoters: number;
  review_requests_sent: number;
}

interface AlertsRow {
  open: number;
  by_severity: CountByKey[];
  by_reason: CountByKey[];
  raised: number;
  acknowledged: number;
  avg_ack_seconds: number | null;
}

interface FlowRow {
  flow_id: string;
  name: string;
  number: number;
  status: string;
  definition: unknown;
  step_counts: Record<string, number>;
}

/** Read-only KPI queries for the dashboard: one aggregated query per panel, run in parallel. */
@Injectable()
export class DashboardRepository {
  constructor(private readonly dataSource: DataSource) {}

  async kpis(days: number, now: Date): Promise<Kpis> {
    const from = new Date(now.getTime() - days * 86_400_000);
    const period: [Date, Date] = [from, now];
    const [funnel, emails, nps, alerts, trend, flows] = await Promise.all([
      this.funnel(period),
      this.emails(period),
      this.nps(period),
      this.alerts(period),
      this.trend(period, days),
      this.flows(period),
    ]);
    return {
      period: { days, from: from.toISOString(), to: now.toISOString() },
      funnel,
      emails,
      nps,
      alerts,
      trend,
      flows,
    };
  }

  private async funnel(period: [Date, Date]): Promise<FunnelKpis> {
    const empty: FunnelRow = {
      orders: 0,
      journeys_entered: 0,
      first_use: 0,
      surveys_answered: 0,
      promoters: 0,
      review_requests_sent: 0,
    };
    const row = await this.panel<FunnelRow>(
      `SELECT
         (SELECT count(DISTINCT coalesce(envelope->'data'->>'order_id', event_id))::int FROM inbox_events
           WHERE type = 'order.placed' AND ${IN_PERIOD('event_time')}) AS orders,
         (SELECT count(*)::int FROM activity WHERE type = 'journey.entered' AND ${IN_PERIOD('occurred_at')}) AS journeys_entered,
         (SELECT count(*)::int FROM (
            SELECT customer_id, coalesce(order_id, '') AS order_key FROM activity
             WHERE type = 'journey.converted' AND data->>'goal' = 'first-use' AND ${IN_PERIOD('occurred_at')}
            UNION
            SELECT customer_id, coalesce(envelope->'data'->>'order_id', '') FROM inbox_events
             WHERE type = 'product.first_used' AND ${IN_PERIOD('event_time')}) AS f) AS first_use,
         (SELECT count(*)::int FROM survey_answers WHERE ${IN_PERIOD('first_answered_at')}) AS surveys_answered,
         (SELECT count(*)::int FROM survey_answers WHERE kind = 'nps' AND score >= 9 AND ${IN_PERIOD('first_answered_at')}) AS promoters,
         (SELECT count(*)::int FROM deliveries WHERE template = 'review-request' AND status = 'sent' AND ${IN_PERIOD('sent_at')}) AS review_requests_sent`,
      period,
      [empty],
    );
    const r = row[0] ?? empty;
    return {
      orders: r.orders,
      journeysEntered: r.journeys_entered,
      firstUse: r.first_use,
      surveysAnswered: r.surveys_answered,
      promoters: r.promoters,
      reviewRequestsSent: r.review_requests_sent,
    };
  }

  private async emails(period: [Date, Date]): Promise<EmailKpis> {
    const empty: EmailKpis = { sent: 0, opened: 0, clicked: 0, bounced: 0, suppressed: 0 };
    const engaged = (type: string) =>
      `(SELECT count(DISTINCT coalesce(envelope->'data'->>'command_id', envelope->'data'->>'delivery_id', event_id))::int FROM inbox_events
         WHERE type = '${type}' AND ${IN_PERIOD('event_time')})`;
    const rows = await this.panel<EmailKpis>(
      `SELECT
         (SELECT count(*)::int FROM deliveries WHERE status = 'sent' AND ${IN_PERIOD('sent_at')}) AS sent,
         ${engaged('email.opened')} AS opened,
         ${engaged('email.clicked')} AS clicked,
         (SELECT count(*)::int FROM deliveries WHERE error_code = $3 AND ${IN_PERIOD('updated_at')}) AS bounced,
         (SELECT count(*)::int FROM deliveries WHERE status = 'suppressed' AND ${IN_PERIOD('updated_at')}) AS suppressed`,
      [...period, HARD_BOUNCE],
      [empty],
    );
    return rows[0] ?? empty;
  }

  private async nps(period: [Date, Date]): Promise<NpsKpis> {
    const rows = await this.panel<{ score: number; count: number }>(
      `SELECT s.score, count(a.survey_id)::int AS count
         FROM generate_series(0, 10) AS s(score)
         LEFT JOIN survey_answers a ON a.score = s.score AND a.kind = 'nps' AND ${IN_PERIOD('a.first_answered_at')}
        GROUP BY s.score ORDER BY s.score`,
      period,
      [],
    );
    const counts = Array.from({ length: 11 }, () => 0);
    for (const row of rows) if (row.score >= 0 && row.score <= 10) counts[row.score] = row.count;
    return npsFromDistribution(counts);
  }

  private async alerts(period: [Date, Date]): Promise<AlertKpis> {
    const empty: AlertsRow = {
      open: 0,
      by_severity: [],
      by_reason: [],
      raised: 0,
      acknowledged: 0,
      avg_ack_seconds: null,
    };
    const openBy = (column: string, order: string) =>
      `coalesce((SELECT json_agg(json_build_object('key', k, 'count', n) ORDER BY ${order})
                   FROM (SELECT ${column} AS k, count(*)::int AS n FROM alerts WHERE state = 'open' GROUP BY ${column}) AS g), '[]'::json)`;
    const rows = await this.panel<AlertsRow>(
      `SELECT
         (SELECT count(*)::int FROM alerts WHERE state = 'open') AS open,
         ${openBy('severity', "array_position(ARRAY['critical', 'high', 'medium', 'low'], k)")} AS by_severity,
         ${openBy('reason', 'n DESC, k')} AS by_reason,
         (SELECT count(*)::int FROM alerts WHERE ${IN_PERIOD('raised_at')}) AS raised,
         (SELECT count(*)::int FROM alerts WHERE ${IN_PERIOD('acknowledged_at')}) AS acknowledged,
         (SELECT extract(epoch FROM avg(acknowledged_at - raised_at))::float8 FROM alerts WHERE ${IN_PERIOD('acknowledged_at')}) AS avg_ack_seconds`,
      period,
      [empty],
    );
    const r = rows[0] ?? empty;
    return {
      open: r.open,
      openBySeverity: r.by_severity,
      openByReason: r.by_reason,
      raised: r.raised,
      acknowledged: r.acknowledged,
      avgAcknowledgeSeconds: r.avg_ack_seconds === null ? null : Math.round(r.avg_ack_seconds),
    };
  }

  /** Journeys entered per UTC day, one point per day of the period (the last one is today). */
  private async trend(period: [Date, Date], days: number): Promise<TrendPoint[]> {
    const rows = await this.panel<{ day: string; journeys_entered: number }>(
      `SELECT to_char(d, 'YYYY-MM-DD') AS day, count(a.id)::int AS journeys_entered
         FROM generate_series(($1::timestamptz AT TIME ZONE 'UTC')::date - ($2::int - 1), ($1::timestamptz AT TIME ZONE 'UTC')::date, interval '1 day') AS d
         LEFT JOIN activity a ON a.type = 'journey.entered' AND a.occurred_at < $1
                             AND a.occurred_at >= d AT TIME ZONE 'UTC' AND a.occurred_at < (d + interval '1 day') AT TIME ZONE 'UTC'
        GROUP BY d ORDER BY d`,
      [period[1], days],
      [],
    );
    return rows.map((r) => ({ day: r.day, journeysEntered: r.journeys_entered }));
  }

  /** The newest version of every flow that is not archived, with how many journeys reached each step. */
  private async flows(period: [Date, Date]): Promise<FlowKpis[]> {
    const rows = await this.panel<FlowRow>(
      `SELECT v.flow_id, v.name, v.number, v.status, v.definition,
              coalesce((SELECT json_object_agg(c.step_id, c.n)
                          FROM (SELECT step_id, count(DISTINCT journey_id)::int AS n FROM activity a
                                 WHERE a.type = 'journey.step' AND a.flow_id = v.flow_id AND a.step_id IS NOT NULL AND ${IN_PERIOD('a.occurred_at')}
                                 GROUP BY step_id) AS c), '{}'::json) AS step_counts
         FROM (SELECT DISTINCT ON (flow_id) flow_id, name, number, status, definition FROM flow_versions
                WHERE status <> 'archived' ORDER BY flow_id, number DESC) AS v
        ORDER BY v.flow_id`,
      period,
      [],
    );
    return rows.map((r) => ({
      id: r.flow_id,
      name: r.name,
      version: r.number,
      status: r.status,
      steps: flowSteps(r.definition),
      stepCounts: r.step_counts,
    }));
  }

  private async panel<T>(sql: string, params: unknown[], empty: T[]): Promise<T[]> {
    try {
      return await this.dataSource.query<T[]>(sql, params);
    } catch (error) {
      if ((error as { code?: unknown }).code === UNDEFINED_TABLE) return empty;
      throw error;
    }
  }
}
