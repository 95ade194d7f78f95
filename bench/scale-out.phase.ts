/**
 * Scale-out: the same work through one engine and one dispatcher, then through two of each in
 * their consumer groups on the same topics (throughput against one), then two of each again with
 * one engine and one dispatcher stopped mid-run (SIGTERM: the group rebalances onto the survivors).
 * Every email the sink accepts is counted by its Message-ID, which the dispatcher derives from the
 * command id (journey, step, visit): a lost email is an expected one never seen, a duplicate is an
 * id seen twice.
 */
import type { Producer } from 'kafkajs';
import type { BenchStack } from './bench-stack';
import { sendAll, topicMap, waitFor } from './phases';
import { round, type Row } from './report';
import { emailsFromFlow, mixedWorkload } from './workload';

interface Round {
  events: number;
  expected: number;
  emails: number;
  seconds: number;
  distinct: number;
  duplicates: number;
  unknown: number;
}

async function runRound(
  stack: BenchStack,
  producer: Producer,
  label: string,
  count: number,
  instances: 1 | 2,
  stallMs: number,
  /** Stop the second engine and dispatcher once this share of the emails is in. */
  stopAfter?: number,
): Promise<Round> {
  await stack.stopApps();
  const unknownBefore = await stack.count(`SELECT count(*) FROM deliveries WHERE status = 'unknown'`);
  const workload = mixedWorkload(`${stack.id}-${label}`, count, emailsFromFlow());
  await sendAll(producer, topicMap(stack), workload.events);
  stack.sink.messageIds.clear();
  const before = stack.sink.accepted;
  const stopOneAt = stopAfter === undefined ? undefined : Math.max(1, Math.floor(workload.expectedEmails * stopAfter));
  const started = Date.now();
  await stack.startApps();
  if (instances === 2) {
    await stack.startExtra('dispatcher', `dispatcher-2-${label}`, {
      DISPATCHER_INSTANCE_NAME: `bench-dispatcher-2-${label}`,
    });
    await stack.startExtra('engine', `engine-2-${label}`);
  }
  let stopped: Promise<unknown> | undefined;
  const emails = await waitFor(
    `scale-out: ${label}`,
    workload.expectedEmails,
    async () => {
      const n = stack.sink.accepted - before;
      if (stopOneAt !== undefined && !stopped && n >= stopOneAt)
        stopped = Promise.all(stack.extras.map((app) => app.stop()));
      return n;
    },
    stallMs,
    'emails',
  );
  await stopped;
  const counts = [...stack.sink.messageIds.values()];
  const unknown = (await stack.count(`SELECT count(*) FROM deliveries WHERE status = 'unknown'`)) - unknownBefore;
  return {
    events: workload.events.length,
    expected: workload.expectedEmails,
    emails: emails.value,
    seconds: (emails.at - started) / 1000,
    distinct: counts.length,
    duplicates: counts.reduce((sum, c) => sum + (c - 1), 0),
    unknown,
  };
}

export async function scaleOut(stack: BenchStack, producer: Producer, count: number, stallMs: number): Promise<Row[]> {
  const one = await runRound(stack, producer, 'one', count, 1, stallMs);
  const two = await runRound(stack, producer, 'two', count, 2, stallMs);
  const rebalance = await runRound(stack, producer, 'rebalance', count, 2, stallMs, 0.3);
  await stack.stopApps();
  const rate = (r: Round) => r.events / r.seconds;
  const check = (r: Round) =>
    `${r.expected - Math.min(r.expected, r.distinct)} lost, ${r.duplicates} duplicated, ${r.unknown} unknown (by Message-ID)`;
  const rows: Row[] = [
    {
      phase: 'scale-out',
      name: 'one engine, one dispatcher: event -> email',
      items: one.events,
      seconds: one.seconds,
      perSecond: rate(one),
      note: `events preloaded, apps started in the time, until ${one.emails.toLocaleString('en')} emails; ${check(one)}`,
    },
    {
      phase: 'scale-out',
      name: 'two engines, two dispatchers: event -> email',
      items: two.events,
      seconds: two.seconds,
      perSecond: rate(two),
      ratio: `${round(rate(two) / rate(one), 2)}x one`,
      note: `same work, same groups and topics, ${two.emails.toLocaleString('en')} emails; ${check(two)}`,
    },
    {
      phase: 'scale-out',
      name: 'rebalance: one engine, one dispatcher stopped mid-run',
      items: rebalance.events,
      seconds: rebalance.seconds,
      perSecond: rate(rebalance),
      note: `second engine and dispatcher stopped (SIGTERM) at 30% of the emails; ${rebalance.emails.toLocaleString('en')} emails; ${check(rebalance)}`,
    },
  ];
  return rows;
}
