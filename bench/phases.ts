/**
 * The phases that run on the apps: end to end, latency at a fixed offered rate, timers, memory.
 * Each waits for its condition with a deadline and reports what it measured, never an estimate.
 */
import { SingleBar } from 'cli-progress';
import type { Producer } from 'kafkajs';
import { topicKeyForEventType, type TopicMap } from '@postventa/contracts';
import type { BenchStack } from './bench-stack';
import { latencyFields, percentile, round, type Row } from './report';
import { emailsFromFlow, latencyEvent, type LatencyWork, mixedWorkload, shippedEvent } from './workload';

/** The apps' CPU per email since `before` (`BenchStack.appsCpuMs`), for a row's note. */
function cpuPerEmail(stack: BenchStack, before: { engine: number; dispatcher: number }, emails: number): string {
  if (emails <= 0) return '';
  const now = stack.appsCpuMs();
  const per = (ms: number) => round(ms / emails, 2);
  return `; CPU per email: engine ${per(now.engine - before.engine)} ms, dispatcher ${per(now.dispatcher - before.dispatcher)} ms`;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function bar(label: string, total: number): SingleBar {
  const b = new SingleBar({
    format: `${label.padEnd(28)} [{bar}] {value}/{total} {unit}`,
    noTTYOutput: true,
    notTTYSchedule: 5000,
    stream: process.stderr,
    hideCursor: true,
  });
  b.start(total, 0, { unit: '' });
  return b;
}

export function topicMap(stack: BenchStack): TopicMap {
  return {
    commerce: stack.env.TOPIC_COMMERCE,
    usage: stack.env.TOPIC_USAGE,
    support: stack.env.TOPIC_SUPPORT,
    feedback: stack.env.TOPIC_FEEDBACK,
    timers: stack.env.TOPIC_TIMERS,
    commands: stack.env.TOPIC_COMMANDS,
    activity: stack.env.TOPIC_ACTIVITY,
    deadLetter: stack.env.TOPIC_DEAD_LETTER,
  };
}

function topicOf(topics: TopicMap, value: string): string {
  const type = /"type":"([^"]+)"/.exec(value)?.[1] ?? 'order.placed';
  return topics[topicKeyForEventType(type)];
}

export async function sendAll(
  producer: Producer,
  topics: TopicMap,
  messages: ReadonlyArray<{ key: string; value: string }>,
  progress?: SingleBar,
): Promise<void> {
  for (let i = 0; i < messages.length; i += 1000) {
    const chunk = messages.slice(i, i + 1000);
    const byTopic = new Map<string, Array<{ key: string; value: string }>>();
    for (const m of chunk) {
      const t = topicOf(topics, m.value);
      byTopic.set(t, [...(byTopic.get(t) ?? []), m]);
    }
    await producer.sendBatch({ topicMessages: [...byTopic].map(([topic, msgs]) => ({ topic, messages: msgs })) });
    progress?.update(Math.min(messages.length, i + 1000));
  }
}

/** Waits until `probe()` reaches `target` or nothing moved for `stallMs`; returns the last value. */
export async function waitFor(
  label: string,
  target: number,
  probe: () => Promise<number>,
  stallMs: number,
  unit: string,
): Promise<{ value: number; at: number }> {
  const progress = bar(label, target);
  let value = 0;
  let lastChange = Date.now();
  let at = Date.now();
  for (;;) {
    const next = await probe();
    if (next !== value) {
      value = next;
      lastChange = Date.now();
      at = Date.now();
      progress.update(Math.min(value, target), { unit });
    }
    if (value >= target || Date.now() - lastChange > stallMs) break;
    await sleep(100);
  }
  progress.stop();
  return { value, at };
}

export interface E2eResult {
  rows: Row[];
  customers: number;
  /** What the apps' Postgres sessions were doing, sampled every 200 ms during the phase. */
  pgActivity: Array<{ app: string; state: string; wait: string; query: string; samples: number }>;
}

/** Samples pg_stat_activity of the run's database (state, wait, statement) until stopped. */
function sampleSessions(stack: BenchStack): () => Promise<E2eResult['pgActivity']> {
  const counts = new Map<string, number>();
  let running = true;
  const loop = (async () => {
    while (running) {
      const { rows } = await stack.db
        .query(
          `SELECT application_name AS app, coalesce(state, '') AS state, coalesce(wait_event_type || ':' || wait_event, '') AS wait, left(regexp_replace(query, '\\s+', ' ', 'g'), 70) AS query
           FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND application_name <> 'postventa-bench'`,
        )
        .catch(() => ({ rows: [] as Array<Record<string, string>> }));
      for (const r of rows as Array<Record<string, string>>) {
        const key = JSON.stringify([r.app, r.state, r.wait, r.state === 'idle' ? '' : r.query]);
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
      await sleep(200);
    }
  })();
  return async () => {
    running = false;
    await loop;
    return [...counts]
      .map(([key, samples]) => {
        const [app, state, wait, query] = JSON.parse(key) as string[];
        return { app, state, wait, query, samples };
      })
      .sort((a, b) => b.samples - a.samples);
  };
}

/**
 * Preloads the events, then starts the dispatcher and the engine and measures, from the engine's
 * readiness, how long until every event is processed in Postgres, every command is on the commands
 * topic and every email is accepted by the sink.
 */
export async function endToEnd(
  stack: BenchStack,
  producer: Producer,
  count: number,
  ceilings: { kafka?: number; postgres?: number; smtp?: number },
  stallMs: number,
): Promise<E2eResult> {
  const topics = topicMap(stack);
  const workload = mixedWorkload(stack.id, count, emailsFromFlow());
  const preload = bar('e2e: preload events', workload.events.length);
  await sendAll(producer, topics, workload.events, preload);
  preload.stop();
  const n = workload.events.length;
  const sentBefore = stack.sink.accepted;
  const t0 = Date.now();
  await stack.startApps();
  const ready = Date.now();
  const cpuBefore = stack.appsCpuMs();
  const startupSeconds = (ready - t0) / 1000;
  const rss = { engine: 0, dispatcher: 0 };
  const sessions = sampleSessions(stack);
  const sampler = setInterval(() => {
    rss.engine = Math.max(rss.engine, stack.engine?.rssMb() ?? 0);
    rss.dispatcher = Math.max(rss.dispatcher, stack.dispatcher?.rssMb() ?? 0);
  }, 500);
  const events = await waitFor(
    'e2e: events in Postgres',
    n,
    () => stack.count(`SELECT count(*) FROM inbox_events WHERE processed_at IS NOT NULL`),
    stallMs,
    'events',
  );
  const commands = await waitFor(
    'e2e: commands on topic',
    workload.expectedEmails,
    () => stack.topicSize(topics.commands),
    stallMs,
    'commands',
  );
  const emails = await waitFor(
    'e2e: emails accepted',
    workload.expectedEmails,
    async () => stack.sink.accepted - sentBefore,
    stallMs,
    'emails',
  );
  clearInterval(sampler);
  const cpu = cpuPerEmail(stack, cpuBefore, emails.value);
  const pgActivity = await sessions();
  const s = (at: number) => (at - ready) / 1000;
  const ratio = (rate: number, ceiling: number | undefined, what: string) =>
    ceiling ? `${round((100 * rate) / ceiling, 1)}% of ${what}` : '';
  const complete = (got: number, want: number) => (got >= want ? '' : ` INCOMPLETE: ${got}/${want}`);
  const mix = `${n.toLocaleString('en')} events: ${workload.orders.toLocaleString('en')} orders, ${workload.customers.toLocaleString('en')} customers`;
  const rows: Row[] = [
    {
      phase: 'e2e',
      name: 'events processed (inbox, journeys, outbox)',
      items: events.value,
      seconds: s(events.at),
      perSecond: events.value / s(events.at),
      ratio: ratio(events.value / s(events.at), ceilings.postgres, 'PG insert'),
      note: `${mix}; apps started in ${startupSeconds.toFixed(1)} s (not counted)${complete(events.value, n)}`,
    },
    {
      phase: 'e2e',
      name: 'commands on the commands topic',
      items: commands.value,
      seconds: s(commands.at),
      perSecond: commands.value / s(commands.at),
      ratio: ratio(n / s(commands.at), ceilings.kafka, 'Kafka consume (events/s)'),
      note: `events/s to all commands out: ${Math.round(n / s(commands.at))}${complete(commands.value, workload.expectedEmails)}`,
    },
    {
      phase: 'e2e',
      name: 'emails accepted by SMTP (event -> email)',
      items: emails.value,
      seconds: s(emails.at),
      perSecond: emails.value / s(emails.at),
      ratio: ratio(emails.value / s(emails.at), ceilings.smtp, 'SMTP'),
      rssMb: rss,
      note: `events/s end to end: ${Math.round(n / s(emails.at))}; peak RSS during the phase${cpu}${complete(emails.value, workload.expectedEmails)}`,
    },
  ];
  return { rows, customers: workload.customers, pgActivity };
}

/**
 * Publishes `rate` latency events per second for `seconds` (each for a new customer with its own
 * address) and returns when each address's event was published.
 */
async function offer(
  stack: BenchStack,
  producer: Producer,
  work: LatencyWork,
  run: string,
  rate: number,
  seconds: number,
  offset: number,
): Promise<Map<string, number>> {
  const topic = topicMap(stack).commerce;
  const total = Math.round(rate * seconds);
  const published = new Map<string, number>();
  const progress = bar(`latency: offer ${rate}/s`, total);
  const start = Date.now();
  const tickMs = 10;
  let sent = 0;
  while (sent < total) {
    const due = Math.min(total, Math.floor(((Date.now() - start) / 1000) * rate));
    if (due > sent) {
      const batch = [];
      const at = Date.now();
      for (let i = sent; i < due; i++) {
        const e = latencyEvent(run, offset + i, work);
        published.set(e.email, at);
        batch.push({ key: e.key, value: e.value(at) });
      }
      await producer.send({ topic, messages: batch });
      sent = due;
      progress.update(sent);
    }
    await sleep(tickMs);
  }
  progress.stop();
  return published;
}

/** Waits until the sink has accepted a first email for every address in `published`. */
async function firstEmails(
  stack: BenchStack,
  label: string,
  published: ReadonlyMap<string, number>,
  stallMs: number,
): Promise<void> {
  await waitFor(
    label,
    published.size,
    async () => [...published.keys()].filter((k) => stack.sink.firstAcceptedAt.has(k)).length,
    stallMs,
    'emails',
  );
}

/**
 * Offers `rate` latency events per second for `seconds` and measures published -> first email
 * accepted by the sink (see LatencyWork), then where that time went, per hop.
 */
export async function latency(
  stack: BenchStack,
  producer: Producer,
  work: LatencyWork,
  rate: number,
  seconds: number,
  offset: number,
  stallMs: number,
): Promise<Row[]> {
  const cpuBefore = stack.appsCpuMs();
  const acceptedBefore = stack.sink.accepted;
  const start = Date.now();
  const published = await offer(stack, producer, work, stack.id, rate, seconds, offset);
  const offeredSeconds = (Date.now() - start) / 1000;
  const total = published.size;
  await firstEmails(stack, `latency: emails at ${rate}/s`, published, stallMs);
  const cpu = cpuPerEmail(stack, cpuBefore, stack.sink.accepted - acceptedBefore);
  const latencies: number[] = [];
  for (const [email, at] of published) {
    const accepted = stack.sink.firstAcceptedAt.get(email);
    if (accepted !== undefined) latencies.push(accepted - at);
  }
  const missing = total - latencies.length;
  const what = work === 'order-placed' ? 'order.placed (shipped SMOT flow)' : 'order.delivered -> usage guide';
  return [
    {
      phase: 'latency',
      name: `published -> first email accepted at ${rate} events/s`,
      items: latencies.length,
      seconds: offeredSeconds,
      perSecond: total / offeredSeconds,
      ...latencyFields(latencies),
      note: `${what}, one new customer each, offered for ${seconds} s${missing ? `; ${missing} emails not seen` : ''}${cpu}`,
    },
    ...(await latencyHops(stack, work, rate, published, offset, total)),
  ];
}

/**
 * Brings the path to its steady state before latency is measured: offers `rate` events per second
 * for `seconds` and waits for their emails. Apps just started run their first seconds of traffic
 * on code the JIT has not compiled yet, with pools still opening; on this machine that backs the
 * dispatcher up for about 5 s at 50 events/s. After the end-to-end or HTTP phase the apps are warm
 * and a few events do.
 */
export async function warmPath(
  stack: BenchStack,
  producer: Producer,
  work: LatencyWork,
  rate: number,
  seconds: number,
  stallMs: number,
): Promise<void> {
  const published = await offer(stack, producer, work, `${stack.id}-warm`, rate, seconds, 0);
  await firstEmails(stack, 'latency: warm-up', published, stallMs);
}

/**
 * Where the latency goes, per hop, from the timestamps the stack records for each offered event:
 * the engine's batch transaction start (`inbox_events.received_at`, also the outbox rows'
 * `created_at`), the relay's claim (`outbox.published_at`), the dispatcher's record of the command
 * (`deliveries.created_at`, its transaction start) and SMTP's acceptance at the sink.
 */
async function latencyHops(
  stack: BenchStack,
  work: LatencyWork,
  rate: number,
  published: Map<string, number>,
  offset: number,
  total: number,
): Promise<Row[]> {
  const customers = Array.from({ length: total }, (_, i) => `lat-${stack.id}-${offset + i}`);
  const { rows } = await stack.db.query<{
    customer_id: string;
    engine: Date;
    relay: Date | null;
    dispatcher: Date | null;
  }>(
    `SELECT i.customer_id, i.received_at AS engine,
              (SELECT min(o.published_at) FROM outbox o
                WHERE o.topic = 'commands' AND o.key = i.customer_id) AS relay,
              (SELECT min(d.created_at) FROM deliveries d WHERE d.customer_id = i.customer_id) AS dispatcher
         FROM inbox_events i
        WHERE i.customer_id = ANY($1::text[])`,
    [customers],
  );
  const hops: Record<string, number[]> = {
    'published -> engine batch': [],
    'engine batch -> relay claim': [],
    'relay claim -> dispatcher batch': [],
    'dispatcher batch -> SMTP accepted': [],
  };
  for (const row of rows) {
    const i = Number(row.customer_id.slice(row.customer_id.lastIndexOf('-') + 1));
    const email = latencyEvent(stack.id, i, work).email;
    const sentAt = published.get(email);
    const accepted = stack.sink.firstAcceptedAt.get(email);
    if (sentAt === undefined || accepted === undefined || !row.relay || !row.dispatcher) continue;
    const marks = [sentAt, row.engine.getTime(), row.relay.getTime(), row.dispatcher.getTime(), accepted];
    Object.values(hops).forEach((list, hop) => list.push(marks[hop + 1] - marks[hop]));
  }
  return Object.entries(hops).map(([hop, values]) => ({
    phase: 'latency',
    name: `  hop at ${rate} events/s: ${hop}`,
    items: values.length,
    seconds: 0,
    perSecond: 0,
    ...latencyFields(values),
    note: 'per event, from the timestamps in inbox_events, outbox, deliveries and the sink',
  }));
}

/**
 * Inserts `pending` timers due in a year plus `due` timers due a few seconds from now (their
 * journeys do not exist, so a firing changes nothing), and measures how fast the engine's
 * scheduler fires the due ones and how late (fired_at - due_at).
 */
export async function timers(stack: BenchStack, pending: number, due: number, stallMs: number): Promise<Row> {
  const insert = bar('timers: insert pending', pending + due);
  const chunk = 100_000;
  for (let i = 0; i < pending; i += chunk) {
    await stack.db.query(
      `INSERT INTO journey_timers (timer_id, journey_id, customer_id, flow_id, flow_version, step_id, seq, purpose, due_at)
       SELECT 'bench-far-' || g, 'bench-journey-' || g, 'bench-cus-' || (g % 100000), 'smot-onboarding', '1', 'wait-delivery', 1, 'timeout', now() + interval '365 days' + g * interval '1 ms'
         FROM generate_series($1::int, $2::int) AS g`,
      [i, Math.min(pending, i + chunk) - 1],
    );
    insert.update(Math.min(pending, i + chunk));
  }
  const dueAt = Date.now() + 5_000;
  await stack.db.query(
    `INSERT INTO journey_timers (timer_id, journey_id, customer_id, flow_id, flow_version, step_id, seq, purpose, due_at)
     SELECT 'bench-due-' || g, 'bench-due-journey-' || g, 'bench-due-cus-' || g, 'smot-onboarding', '1', 'wait-delivery', 1, 'timeout', $2::timestamptz
       FROM generate_series(1, $1::int) AS g`,
    [due, new Date(dueAt)],
  );
  insert.update(pending + due);
  insert.stop();
  await stack.db.query(`ANALYZE journey_timers`);
  // Fired = the firing committed and taken by the relay for the timers topic (the outbox row's
  // published_at), not the round's start time the timer row keeps.
  const firings = `FROM outbox WHERE topic = 'timers' AND payload->'data'->>'timer_id' LIKE 'bench-due-%' AND published_at IS NOT NULL`;
  const fired = await waitFor('timers: fired', due, () => stack.count(`SELECT count(*) ${firings}`), stallMs, 'timers');
  const { rows } = await stack.db.query(`SELECT extract(epoch FROM published_at) * 1000 AS fired ${firings}`);
  const lags = rows.map((r: { fired: string }) => Number(r.fired) - dueAt);
  const last = Math.max(...lags) + dueAt;
  const seconds = Math.max(0.001, (last - dueAt) / 1000);
  return {
    phase: 'timers',
    name: `timers fired (${pending.toLocaleString('en')} pending)`,
    items: fired.value,
    seconds,
    perSecond: fired.value / seconds,
    p50: round(percentile(lags, 50), 1),
    p99: round(percentile(lags, 99), 1),
    max: round(percentile(lags, 100), 1),
    note: `${due.toLocaleString('en')} due at once; fired = its timer.fired event committed and taken by the outbox relay; rate = fired / (last firing - due time); lag = firing - due time`,
  };
}

/**
 * Engine and dispatcher RSS after the engine has taken events of `target` customers in total:
 * new customers get an `order.shipped` each (ingest only, no flow starts on it).
 */
export async function memory(
  stack: BenchStack,
  producer: Producer,
  targets: readonly number[],
  stallMs: number,
): Promise<Row[]> {
  const topics = topicMap(stack);
  const rows: Row[] = [];
  let next = 0;
  for (const target of targets) {
    const customers = await stack.count(`SELECT count(*) FROM customers`);
    const add = Math.max(0, target - customers);
    const messages = Array.from({ length: add }, (_, i) => shippedEvent(stack.id, next + i));
    next += add;
    const started = Date.now();
    await sendAll(producer, topics, messages);
    const done = await waitFor(
      `memory: ${target.toLocaleString('en')} customers`,
      customers + add,
      () => stack.count(`SELECT count(*) FROM customers`),
      stallMs,
      'customers',
    );
    const seconds = (done.at - started) / 1000;
    const now = await stack.count(`SELECT count(*) FROM customers`);
    rows.push({
      phase: 'memory',
      name: `RSS at ${now.toLocaleString('en')} customers`,
      items: add,
      seconds,
      perSecond: add / Math.max(seconds, 0.001),
      rssMb: { engine: stack.engine?.rssMb() ?? 0, dispatcher: stack.dispatcher?.rssMb() ?? 0 },
      note: `${add.toLocaleString('en')} new customers via order.shipped (ingest only); items/s = that ingest`,
    });
  }
  return rows;
}
