/**
 * The events the benchmark sends: a realistic mix of order events with a distinct order per
 * journey and many customers (two orders each on average), and what the shipped flows send for
 * them, computed with the pure simulator (so the expected email count follows the flows).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sampleEvent, type EventEnvelope } from '@postventa/contracts';
import { loadFlowFromYaml, simulate } from '@postventa/journeys';
import { ROOT } from './bench-stack';

export interface BenchEvent {
  key: string;
  value: string;
  /** Recipient of the emails it causes (the customer's address). */
  email: string;
}

type Stage = 'order.placed' | 'order.shipped' | 'order.delivered' | 'product.first_used';
const STAGES: readonly Stage[] = ['order.placed', 'order.shipped', 'order.delivered', 'product.first_used'];

/** Which of the later events an order gets: deterministic, 80% shipped, 60% delivered, 30% first use. */
function stagesOf(order: number): Stage[] {
  const r = (order * 2654435761) % 100;
  const stages: Stage[] = ['order.placed'];
  if (r < 80) stages.push('order.shipped');
  if (r < 60) stages.push('order.delivered');
  if (r < 30) stages.push('product.first_used');
  return stages;
}

function event(stage: Stage, run: string, order: number, customer: number, time: number): EventEnvelope {
  const subject = `cus-${run}-${customer}`;
  const email = `c${customer}-${run}@bench.example`;
  const orderId = `ord-${run}-${order}`;
  const base = sampleEvent(stage, { id: `evt-${run}-${order}-${stage}`, subject, time: new Date(time).toISOString() });
  const data: Record<string, unknown> = { ...(base.data as unknown as Record<string, unknown>), order_id: orderId };
  if (stage !== 'product.first_used') data.customer = { ...(data.customer as object), email };
  return { ...base, data } as EventEnvelope;
}

export interface Workload {
  events: BenchEvent[];
  orders: number;
  customers: number;
  expectedEmails: number;
}

/**
 * About `count` events for `count / 2.7` orders of `orders / 2` customers. Events are sent in
 * blocks of 500 orders, stage by stage, so an order's events keep their order in its partition
 * and a batch mixes stages as live traffic does.
 */
export function mixedWorkload(run: string, count: number, emailsPerPattern: (stages: Stage[]) => number): Workload {
  const events: BenchEvent[] = [];
  let orders = 0;
  let expectedEmails = 0;
  const start = Date.now();
  const block = 500;
  while (events.length < count) {
    const first = orders;
    const last = first + block;
    const plans = new Map<number, Stage[]>();
    const sent = new Map<number, Stage[]>();
    for (let o = first; o < last; o++) plans.set(o, stagesOf(o));
    for (const [s, stage] of STAGES.entries()) {
      for (let o = first; o < last && events.length < count; o++) {
        if (!plans.get(o)!.includes(stage)) continue;
        if (s === 0) orders += 1;
        const customer = Math.floor(o / 2);
        const e = event(stage, run, o, customer, start + o * 10 + s);
        events.push({ key: e.subject!, value: JSON.stringify(e), email: `c${customer}-${run}@bench.example` });
        sent.set(o, [...(sent.get(o) ?? []), stage]);
      }
    }
    // Orders cut short by `count` count only the events that went out.
    for (const stages of sent.values()) expectedEmails += emailsPerPattern(stages);
  }
  return { events, orders, customers: Math.ceil(orders / 2), expectedEmails };
}

/** Emails (email.send and survey.send) the shipped SMOT flow sends at once for an order's events. */
export function emailsFromFlow(): (stages: Stage[]) => number {
  const loaded = loadFlowFromYaml(
    readFileSync(join(ROOT, 'flows', 'smot-onboarding.yaml'), 'utf8'),
    'smot-onboarding.yaml',
  );
  if (!loaded.ok) throw new Error('the shipped SMOT flow does not load');
  const cache = new Map<string, number>();
  return (stages) => {
    const key = stages.join(',');
    const known = cache.get(key);
    if (known !== undefined) return known;
    const t0 = Date.parse('2026-03-02T12:00:00Z');
    const timeline = stages.map((stage, s) => event(stage, 'sim', 1, 1, t0 + s * 1000));
    const result = simulate(loaded.flow, timeline, {
      horizon: 'PT1M',
      customer: { id: 'cus-sim-1', email: 'c1-sim@bench.example', locale: 'es-MX' },
    });
    const n = result.entries.filter(
      (e) => e.kind === 'command' && (e.command?.type === 'email.send' || e.command?.type === 'survey.send'),
    ).length;
    cache.set(key, n);
    return n;
  };
}

/**
 * What the latency phase offers, one event per new customer (own address), measured to its first
 * email: `usage-guide` is the work of the comparison that opened issue 11 (`order.delivered`, a flow
 * that sends one usage-guide email: bench/flows); `order-placed` starts the shipped SMOT flow
 * (order confirmation and what-to-expect: two emails per event).
 */
export const LATENCY_WORKS = ['usage-guide', 'order-placed'] as const;
export type LatencyWork = (typeof LATENCY_WORKS)[number];

/** One latency event for a customer and address of its own. */
export function latencyEvent(
  run: string,
  i: number,
  work: LatencyWork,
): { key: string; email: string; value: (at: number) => string } {
  const email = `lat-${i}-${run}@bench.example`;
  return {
    key: `lat-${run}-${i}`,
    email,
    value: (at) => {
      const base = sampleEvent(work === 'order-placed' ? 'order.placed' : 'order.delivered', {
        id: `lat-${run}-${i}`,
        subject: `lat-${run}-${i}`,
        time: new Date(at).toISOString(),
      });
      const data = base.data as unknown as { customer: object };
      return JSON.stringify({
        ...base,
        data: { ...data, order_id: `lat-ord-${run}-${i}`, customer: { ...data.customer, email } },
      });
    },
  };
}

/** Ingest-only events (no flow starts on `order.shipped`) for new customers: memory by customer count. */
export function shippedEvent(run: string, customer: number): { key: string; value: string } {
  const e = event('order.shipped', run, customer, customer, Date.now());
  return {
    key: e.subject!,
    value: JSON.stringify({ ...e, subject: `mem-${run}-${customer}`, id: `mem-${run}-${customer}` }),
  };
}
