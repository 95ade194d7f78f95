import { Injectable } from '@nestjs/common';
import { JOURNEY_EXIT_OUTCOMES, STEP_OUTCOMES } from '@postventa/contracts';
import { DataSource } from 'typeorm';
import { CES_POSITIVE_FROM, CSAT_POSITIVE_FROM } from './kpi-math';

/**
 * Read-only KPI queries over the facts the pipeline already records: `activity` (journey entered,
 * step, exited, converted), `deliveries` (one row per email / survey command), `inbox_events`
 * (order, usage and feedback events: opens, clicks, unsubscribes), `survey_answers`, `alerts`
 * and `flow_versions` (what each flow declares).
 *
 * Speed: indexed queries, not rollups. Every query reads only the rows of the requested period
 * through an index on its time column (migration KpiIndexes1765000000000: activity by type and
 * time with the funnel columns included so the step funnel is an index-only scan, deliveries by
 * creation time, survey answers by answer time, alerts by raise time); flow filters use the
 * existing (flow_id, type, occurred_at) index, and customer facts find the flow through the
 * (customer_id, flow_id) index of KpiFlowCustomerIndex1765200000000. Cost so grows with the rows
 * of the period asked for, not with the table. The step funnel is not rolled up: it counts
 * distinct journeys per step within the period and its median is not additive, and `activity`
 * has no insertion-order column a read-side refresh could resume from, so an exact rollup would
 * have to be maintained where activity is written. The queries run in parallel, one pooled connection each; the step funnel
 * reads the period's journey records once, and groups text keys in the "C" collation (byte order:
 * the order of ids does not matter, and locale-aware comparison is several times slower).
 *
 * Parameters everywhere: $1 = from (inclusive), $2 = to (exclusive), $3 = flow id or NULL.
 */

/** Per KPI query: hash tables for a period's journey records stay in memory. */
const WORK_MEM = '32MB';
/** PostgreSQL `undefined_table`: before the migrations ran, a panel shows zeros. */
const UNDEFINED_TABLE = '42P01';

const FLOW_ACTIVITY = `($3::text IS NULL OR flow_id = $3)`;
/**
 * Customers of the flow, for facts that are about customers rather than journeys (orders, usage):
 * one probe of the (customer_id, flow_id) index per fact of the period, so the cost follows the
 * period's facts rather than every journey the flow ever had.
 */
const FLOW_CUSTOMER = (column: string) =>
  `($3::text IS NULL OR EXISTS (SELECT 1 FROM journey_instances j WHERE j.customer_id = ${column} AND j.flow_id = $3))`;
const FLOW_DELIVERY = (alias: string) => `($3::text IS NULL OR ${alias}.command->'flow'->>'id' = $3)`;
/** The email a feedback event is about. */
const EVENT_COMMAND = `coalesce(envelope->'data'->>'command_id', envelope->'data'->>'delivery_id')`;
/** Step outcomes after which the journey has moved past the step. */
const PAST_STEP = `('completed', 'timed_out', 'skipped', 'suppressed')`;

export type Period = [from: Date, to: Date, flow: string | null];

export interface FlowVersionRow {
  flow_id: string;
  number: number;
  name: string;
  status: string;
  definition: unknown;
}

export interface StepRow {
  flow_id: string;
  /** Null on the row that covers every version of the step. */
  flow_version: number | null;
  step_id: string;
  entered: number;
  completed: number;
  exited: number;
  converted: number;
  median_seconds: number | null;
  /** Journeys per step outcome (`waiting`, `completed`, ...) and per exit outcome at the step. */
  outcomes: Record<string, number>;
  exits: Record<string, number>;
}

export interface FlowEventRow {
  flow_id: string;
  type: 'journey.entered' | 'journey.exited' | 'journey.converted';
  /** Exit outcome, or goal id for conversions; null for entries and on the converted-journeys row. */
  key: string | null;
  journeys: number;
}

export interface DeliveryRow {
  flow_id: string | null;
  flow_version: number | null;
  step_id: string | null;
  template: string;
  locale: string | null;
  command_type: string;
  sent: number;
  failed: number;
  bounced: number;
  suppressed: number;
  unknown: number;
  opened: number;
  clicked: number;
  unsubscribed: number;
  /** Sent survey emails answered by now. */
  answered: number;
  /** Sent survey emails to customers who had reached first use, and of those answered. */
  sent_after_first_use: number;
  answered_after_first_use: number;
}

export interface AnswerRow {
  flow_id: string | null;
  kind: 'nps' | 'csat' | 'ces';
  score: number;
  after_first_use: boolean;
  answers: number;
}

export interface CustomerFactsRow {
  orders: number;
  delivered_orders: number;
  first_use: number;
  fu_delivered: number;
  fu_converted: number;
  fu_median_seconds: number | null;
  fu_p90_seconds: number | null;
  oc_customers: number;
  oc_refunded: number;
  oc_repeat: number;
}

export interface TmotRow {
  requests_clicked: number;
  promoters: number;
  promoters_clicked: number;
}

export interface AlertsRow {
  open: number;
  open_by_severity: Array<{ key: string; count: number }>;
  open_by_reason: Array<{ key: string; count: number }>;
  raised: number;
  acknowledged: number;
  resolved: number;
  escalated: number;
  ack_seconds: number | null;
  resolve_seconds: number | null;
}

export interface TrendRow {
  bucket_start: string;
  series:
    | 'journeys_entered'
    | 'journeys_converted'
    | 'emails_sent'
    | 'surveys_answered'
    | 'first_uses'
    | 'nps'
    | 'csat'
    | 'ces';
  value: number;
  /** For `nps`, `csat` and `ces`: positive answers (promoters; CSAT 4-5; CES 5-7), and NPS detractors. */
  positive: number | null;
  detractors: number | null;
}

export interface StepKey {
  flow_id: string;
  flow_version: number;
  step_id: string;
}

@Injectable()
export class KpisRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Every published version (of the flow, when filtered): the declarations KPIs are grouped by. */
  flowVersions(flow: string | null): Promise<FlowVersionRow[]> {
    return this.query<FlowVersionRow>(
      `SELECT flow_id, number, name, status, definition FROM flow_versions
        WHERE ($1::text IS NULL OR flow_id = $1) ORDER BY flow_id, number`,
      [flow],
    );
  }

  /**
   * The step funnel, in one pass over the period's journey records: per journey and step, when it
   * first reached the step, when it got past it, which step outcomes it had there, and how it
   * ended or converted there; then per (flow, version, step) and per (flow, step) over every
   * version (the median is not additive across versions).
   */
  steps(period: Period): Promise<StepRow[]> {
    // One bit per fact of a journey at a step (converted, each step outcome, each exit outcome):
    // a single bit_or per journey and step instead of one aggregate per fact.
    const stepBit = (i: number) => 2 ** (1 + i);
    const exitBit = (i: number) => 2 ** (1 + STEP_OUTCOMES.length + i);
    const mask = `CASE type WHEN 'journey.converted' THEN 1
         WHEN 'journey.step' THEN CASE outcome ${STEP_OUTCOMES.map((o, i) => `WHEN '${o}' THEN ${stepBit(i)}`).join(' ')} ELSE 0 END
         ELSE CASE outcome ${JOURNEY_EXIT_OUTCOMES.map((o, i) => `WHEN '${o}' THEN ${exitBit(i)}`).join(' ')} ELSE ${exitBit(JOURNEY_EXIT_OUTCOMES.length)} END END`;
    const has = (bit: number) => `count(*) FILTER (WHERE facts & ${bit} <> 0)`;
    const outcomes = STEP_OUTCOMES.map((o, i) => `'${o}', ${has(stepBit(i))}`).join(', ');
    const exits = JOURNEY_EXIT_OUTCOMES.map((o, i) => `'${o}', ${has(exitBit(i))}`).join(', ');
    return this.query<StepRow>(
      `WITH per_journey AS (
         SELECT flow_id COLLATE "C" AS flow_id, flow_version, step_id COLLATE "C" AS step_id,
                min(occurred_at) AS first_at,
                min(occurred_at) FILTER (WHERE type = 'journey.step' AND outcome IN ${PAST_STEP}) AS done_at,
                bit_or(${mask}) AS facts
           FROM activity
          WHERE type IN ('journey.step', 'journey.exited', 'journey.converted')
            AND occurred_at >= $1 AND occurred_at < $2 AND ${FLOW_ACTIVITY}
            AND step_id IS NOT NULL AND journey_id IS NOT NULL
          GROUP BY journey_id, step_id, flow_id, flow_version)
       SELECT flow_id, CASE WHEN GROUPING(flow_version) = 0 THEN flow_version END AS flow_version, step_id,
              count(*)::int AS entered,
              count(done_at)::int AS completed,
              count(*) FILTER (WHERE facts >= ${exitBit(0)})::int AS exited,
              ${has(1)}::int AS converted,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM done_at - first_at))::float8 AS median_seconds,
              json_build_object(${outcomes}) AS outcomes,
              json_build_object(${exits}) AS exits
         FROM per_journey
        GROUP BY GROUPING SETS ((flow_id, flow_version, step_id), (flow_id, step_id))`,
      period,
    );
  }

  /**
   * Per flow: journeys entered (key null), ended per exit outcome, converted per goal (one record
   * each), and journeys that converted at least one goal (`journey.converted`, key null).
   */
  flowEvents(period: Period): Promise<FlowEventRow[]> {
    const where = `occurred_at >= $1 AND occurred_at < $2 AND ${FLOW_ACTIVITY} AND flow_id IS NOT NULL`;
    return this.query<FlowEventRow>(
      `SELECT flow_id, type,
              CASE type WHEN 'journey.exited' THEN coalesce(outcome, 'unknown')
                        WHEN 'journey.converted' THEN coalesce(data->>'goal', 'unknown') END AS key,
              count(*)::int AS journeys
         FROM activity
        WHERE type IN ('journey.entered', 'journey.exited', 'journey.converted') AND ${where}
        GROUP BY 1, 2, 3
       UNION ALL
       SELECT flow_id, type, NULL, count(DISTINCT journey_id)::int
         FROM activity WHERE type = 'journey.converted' AND ${where}
        GROUP BY 1, 2`,
      period,
    );
  }

  /**
   * Emails and surveys created in the period, per journey step, template and locale, with what
   * the customer did with them (opens, clicks, unsubscribes, answers) whenever it happened.
   */
  deliveries(period: Period): Promise<DeliveryRow[]> {
    return this.query<DeliveryRow>(
      `WITH d AS (
         SELECT command_id, command_type, customer_id, template, locale, status, error_code, sent_at,
                command->'flow'->>'id' AS flow_id, (command->'flow'->>'version')::int AS flow_version,
                command->>'step_id' AS step_id
           FROM deliveries d
          WHERE created_at >= $1 AND created_at < $2 AND ${FLOW_DELIVERY('d')}),
       engagement AS (
         SELECT ${EVENT_COMMAND} AS command_id,
                bool_or(type = 'email.opened') AS opened,
                bool_or(type = 'email.clicked') AS clicked,
                bool_or(type = 'customer.unsubscribed') AS unsubscribed
           FROM inbox_events
          WHERE type IN ('email.opened', 'email.clicked', 'customer.unsubscribed') AND event_time >= $1
          GROUP BY 1),
       facts AS (
         SELECT d.*, coalesce(e.opened, false) AS opened, coalesce(e.clicked, false) AS clicked,
                coalesce(e.unsubscribed, false) AS unsubscribed,
                d.command_type = 'survey.send' AND EXISTS (SELECT 1 FROM survey_answers a WHERE a.survey_id = d.command_id) AS answered,
                d.command_type = 'survey.send' AND EXISTS (
                  SELECT 1 FROM inbox_events f WHERE f.customer_id = d.customer_id AND f.type = 'product.first_used'
                     AND f.event_time <= coalesce(d.sent_at, $2)) AS after_first_use
           FROM d LEFT JOIN engagement e USING (command_id))
       SELECT flow_id, flow_version, step_id, template, locale, command_type,
              count(*) FILTER (WHERE status = 'sent')::int AS sent,
              count(*) FILTER (WHERE status = 'failed')::int AS failed,
              count(*) FILTER (WHERE error_code = 'HARD_BOUNCE')::int AS bounced,
              count(*) FILTER (WHERE status = 'suppressed')::int AS suppressed,
              count(*) FILTER (WHERE status = 'unknown')::int AS unknown,
              count(*) FILTER (WHERE opened)::int AS opened,
              count(*) FILTER (WHERE clicked)::int AS clicked,
              count(*) FILTER (WHERE unsubscribed)::int AS unsubscribed,
              count(*) FILTER (WHERE status = 'sent' AND answered)::int AS answered,
              count(*) FILTER (WHERE status = 'sent' AND after_first_use)::int AS sent_after_first_use,
              count(*) FILTER (WHERE status = 'sent' AND after_first_use AND answered)::int AS answered_after_first_use
         FROM facts
        GROUP BY flow_id, flow_version, step_id, template, locale, command_type`,
      period,
    );
  }

  /** Survey answers given in the period, per flow, kind, score and whether the customer had used the product by then. */
  answers(period: Period): Promise<AnswerRow[]> {
    return this.query<AnswerRow>(
      `SELECT flow_id, kind, score, after_first_use, count(*)::int AS answers
         FROM (SELECT a.flow_id, a.kind, a.score,
                      EXISTS (SELECT 1 FROM inbox_events f WHERE f.customer_id = a.customer_id
                                 AND f.type = 'product.first_used' AND f.event_time <= a.first_answered_at) AS after_first_use
                 FROM survey_answers a
                WHERE a.first_answered_at >= $1 AND a.first_answered_at < $2 AND ($3::text IS NULL OR a.flow_id = $3)) AS x
        GROUP BY flow_id, kind, score, after_first_use`,
      period,
    );
  }

  /**
   * Orders, FMOT→SMOT and outcomes, from the order and usage events in the inbox. A delivered order
   * converts when its customer's `product.first_used` (for that order, or for no order in
   * particular) comes within `firstUseDays` of delivery. Outcomes follow each customer's first use
   * in the period for `outcomeDays`: a refund or return, and a new order (repeat purchase).
   */
  async customerFacts(period: Period, firstUseDays: number, outcomeDays: number): Promise<CustomerFactsRow> {
    const order = `coalesce(envelope->'data'->>'order_id', event_id)`;
    const rows = await this.query<CustomerFactsRow>(
      `WITH delivered AS (
         SELECT DISTINCT ON (${order} COLLATE "C") customer_id, envelope->'data'->>'order_id' AS order_id, event_time AS delivered_at
           FROM inbox_events
          WHERE type = 'order.delivered' AND event_time >= $1 AND event_time < $2 AND ${FLOW_CUSTOMER('inbox_events.customer_id')}
          ORDER BY ${order} COLLATE "C", event_time),
       reached AS (
         SELECT d.delivered_at,
                (SELECT min(f.event_time) FROM inbox_events f
                  WHERE f.customer_id = d.customer_id AND f.type = 'product.first_used'
                    AND f.event_time >= d.delivered_at AND f.event_time < d.delivered_at + make_interval(days => $4)
                    AND (d.order_id IS NULL OR f.envelope->'data'->>'order_id' IS NULL OR f.envelope->'data'->>'order_id' = d.order_id)
                ) AS first_use_at
           FROM delivered d),
       first_use AS (
         SELECT customer_id, min(event_time) AS at FROM inbox_events
          WHERE type = 'product.first_used' AND event_time >= $1 AND event_time < $2 AND ${FLOW_CUSTOMER('inbox_events.customer_id')}
          GROUP BY customer_id),
       outcome AS (
         SELECT EXISTS (SELECT 1 FROM inbox_events e WHERE e.customer_id = u.customer_id AND e.type IN ('order.refunded', 'order.returned')
                           AND e.event_time > u.at AND e.event_time <= u.at + make_interval(days => $5)) AS refunded,
                EXISTS (SELECT 1 FROM inbox_events e WHERE e.customer_id = u.customer_id AND e.type = 'order.placed'
                           AND e.event_time > u.at AND e.event_time <= u.at + make_interval(days => $5)) AS repeated
           FROM first_use u)
       SELECT
         (SELECT count(DISTINCT ${order})::int FROM inbox_events
           WHERE type = 'order.placed' AND event_time >= $1 AND event_time < $2 AND ${FLOW_CUSTOMER('inbox_events.customer_id')}) AS orders,
         (SELECT count(*)::int FROM delivered) AS delivered_orders,
         (SELECT count(*)::int FROM (SELECT DISTINCT customer_id, envelope->'data'->>'order_id' FROM inbox_events
           WHERE type = 'product.first_used' AND event_time >= $1 AND event_time < $2 AND ${FLOW_CUSTOMER('inbox_events.customer_id')}) AS f) AS first_use,
         (SELECT count(*)::int FROM reached) AS fu_delivered,
         (SELECT count(first_use_at)::int FROM reached) AS fu_converted,
         (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM first_use_at - delivered_at))::float8 FROM reached) AS fu_median_seconds,
         (SELECT percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM first_use_at - delivered_at))::float8 FROM reached) AS fu_p90_seconds,
         (SELECT count(*)::int FROM outcome) AS oc_customers,
         (SELECT count(*) FILTER (WHERE refunded)::int FROM outcome) AS oc_refunded,
         (SELECT count(*) FILTER (WHERE repeated)::int FROM outcome) AS oc_repeat`,
      [...period, firstUseDays, outcomeDays],
    );
    return rows[0] ?? emptyCustomerFacts();
  }

  /**
   * TMOT: emails of the given steps (those declared at the tmot moment) clicked, NPS promoters in
   * the period, and the promoters who clicked a link in one of those emails in the period.
   */
  async tmot(period: Period, steps: readonly StepKey[]): Promise<TmotRow> {
    const rows = await this.query<TmotRow>(
      `WITH tmot AS (SELECT * FROM jsonb_to_recordset($4::jsonb) AS t(flow_id text, flow_version int, step_id text)),
       clicks AS (
         SELECT d.command_id, d.customer_id, d.created_at, i.event_time
           FROM inbox_events i
           JOIN deliveries d ON d.command_id = ${EVENT_COMMAND.replace(/envelope/g, 'i.envelope')}
           JOIN tmot t ON t.flow_id = d.command->'flow'->>'id' AND t.flow_version = (d.command->'flow'->>'version')::int
                      AND t.step_id = d.command->>'step_id'
          WHERE i.type = 'email.clicked' AND i.event_time >= $1 AND ${FLOW_DELIVERY('d')}),
       promoters AS (
         SELECT DISTINCT customer_id FROM survey_answers
          WHERE kind = 'nps' AND score >= 9 AND first_answered_at >= $1 AND first_answered_at < $2
            AND ($3::text IS NULL OR flow_id = $3))
       SELECT (SELECT count(DISTINCT command_id)::int FROM clicks WHERE created_at >= $1 AND created_at < $2) AS requests_clicked,
              (SELECT count(*)::int FROM promoters) AS promoters,
              (SELECT count(*)::int FROM promoters p
                WHERE EXISTS (SELECT 1 FROM clicks c WHERE c.customer_id = p.customer_id AND c.event_time < $2)) AS promoters_clicked`,
      [...period, JSON.stringify(steps)],
    );
    return rows[0] ?? { requests_clicked: 0, promoters: 0, promoters_clicked: 0 };
  }

  /** Open alerts now; raised, acknowledged, resolved and escalated in the period, with mean times. */
  async alerts(period: Period): Promise<AlertsRow> {
    const flow = `($3::text IS NULL OR flow_id = $3)`;
    const openBy = (column: string, order: string) =>
      `coalesce((SELECT json_agg(json_build_object('key', k, 'count', n) ORDER BY ${order})
                   FROM (SELECT ${column} AS k, count(*)::int AS n FROM alerts WHERE state = 'open' AND ${flow} GROUP BY ${column}) AS g), '[]'::json)`;
    const inPeriod = (column: string) => `${column} >= $1 AND ${column} < $2 AND ${flow}`;
    const rows = await this.query<AlertsRow>(
      `SELECT
         (SELECT count(*)::int FROM alerts WHERE state = 'open' AND ${flow}) AS open,
         ${openBy('severity', "array_position(ARRAY['critical', 'high', 'medium', 'low'], k)")} AS open_by_severity,
         ${openBy('reason', 'n DESC, k')} AS open_by_reason,
         (SELECT count(*)::int FROM alerts WHERE ${inPeriod('raised_at')}) AS raised,
         (SELECT count(*)::int FROM alerts WHERE ${inPeriod('acknowledged_at')}) AS acknowledged,
         (SELECT count(*)::int FROM alerts WHERE ${inPeriod('resolved_at')}) AS resolved,
         (SELECT count(*)::int FROM alerts WHERE ${inPeriod('escalated_at')}) AS escalated,
         (SELECT extract(epoch FROM avg(acknowledged_at - raised_at))::float8 FROM alerts WHERE ${inPeriod('acknowledged_at')}) AS ack_seconds,
         (SELECT extract(epoch FROM avg(resolved_at - raised_at))::float8 FROM alerts WHERE ${inPeriod('resolved_at')}) AS resolve_seconds`,
      period,
    );
    return (
      rows[0] ?? {
        open: 0,
        open_by_severity: [],
        open_by_reason: [],
        raised: 0,
        acknowledged: 0,
        resolved: 0,
        escalated: 0,
        ack_seconds: null,
        resolve_seconds: null,
      }
    );
  }

  /** The series of the trend, per UTC day or ISO week (`date_trunc`), only buckets with data. */
  trend(period: Period, bucket: 'day' | 'week'): Promise<TrendRow[]> {
    const b = (column: string) => `to_char(date_trunc($4::text, ${column} AT TIME ZONE 'UTC'), 'YYYY-MM-DD')`;
    return this.query<TrendRow>(
      `SELECT ${b('occurred_at')} AS bucket_start, 'journeys_entered' AS series,
              count(*)::int AS value, NULL::int AS positive, NULL::int AS detractors
         FROM activity
        WHERE type = 'journey.entered' AND occurred_at >= $1 AND occurred_at < $2 AND ${FLOW_ACTIVITY}
        GROUP BY 1
       UNION ALL
       SELECT ${b('occurred_at')}, 'journeys_converted', count(DISTINCT journey_id)::int, NULL, NULL
         FROM activity
        WHERE type = 'journey.converted' AND occurred_at >= $1 AND occurred_at < $2 AND ${FLOW_ACTIVITY}
        GROUP BY 1
       UNION ALL
       SELECT ${b('sent_at')}, 'emails_sent', count(*)::int, NULL, NULL
         FROM deliveries d
        WHERE status = 'sent' AND sent_at >= $1 AND sent_at < $2 AND ${FLOW_DELIVERY('d')}
        GROUP BY 1
       UNION ALL
       SELECT ${b('first_answered_at')}, 'surveys_answered', count(*)::int, NULL, NULL
         FROM survey_answers WHERE first_answered_at >= $1 AND first_answered_at < $2 AND ($3::text IS NULL OR flow_id = $3)
        GROUP BY 1
       UNION ALL
       SELECT ${b('first_answered_at')}, kind, count(*)::int,
              count(*) FILTER (WHERE score >= CASE kind WHEN 'nps' THEN 9 WHEN 'csat' THEN ${CSAT_POSITIVE_FROM} ELSE ${CES_POSITIVE_FROM} END)::int,
              count(*) FILTER (WHERE kind = 'nps' AND score <= 6)::int
         FROM survey_answers
        WHERE kind IN ('nps', 'csat', 'ces') AND first_answered_at >= $1 AND first_answered_at < $2 AND ($3::text IS NULL OR flow_id = $3)
        GROUP BY 1, 2
       UNION ALL
       SELECT ${b('event_time')}, 'first_uses', count(*)::int, NULL, NULL
         FROM inbox_events
        WHERE type = 'product.first_used' AND event_time >= $1 AND event_time < $2 AND ${FLOW_CUSTOMER('inbox_events.customer_id')}
        GROUP BY 1`,
      [...period, bucket],
    );
  }

  /**
   * One KPI query in its own short transaction with enough memory to hash and sort a period's
   * records without spilling to disk, and without JIT (compiling costs more than these queries).
   */
  private async query<T>(sql: string, params: unknown[]): Promise<T[]> {
    try {
      return await this.dataSource.transaction(async (db) => {
        await db.query(`SET LOCAL work_mem = '${WORK_MEM}'`);
        await db.query('SET LOCAL jit = off');
        return db.query<T[]>(sql, params);
      });
    } catch (error) {
      if ((error as { code?: unknown }).code === UNDEFINED_TABLE) return [];
      throw error;
    }
  }
}

function emptyCustomerFacts(): CustomerFactsRow {
  return {
    orders: 0,
    delivered_orders: 0,
    first_use: 0,
    fu_delivered: 0,
    fu_converted: 0,
    fu_median_seconds: null,
    fu_p90_seconds: null,
    oc_customers: 0,
    oc_refunded: 0,
    oc_repeat: 0,
  };
}
