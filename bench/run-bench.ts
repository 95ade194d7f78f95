/**
 * Postventa benchmarks: `npm run bench [-- --quick] [-- --only ceilings,e2e,latency,timers,memory,core]`.
 *
 * Every phase runs in one run on the same services: the Kafka broker and PostgreSQL named by
 * KAFKA_BROKERS / DATABASE_URL, or local ones started for the run, and an SMTP sink of its own.
 * The engine and the dispatcher run as child processes from the compiled build (`npm run build`, as the Docker image runs them). Prints a table
 * (with the 1-minute load average before and after each phase) and writes
 * bench/results/bench-<time>.json. `--cpu-prof` writes the apps' CPU profiles next to it.
 */
import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { sampleEvent } from '@postventa/contracts';
import { BenchStack, ROOT } from './bench-stack';
import { corePhase } from './core';
import { kafkaCeiling, postgresCeiling, smtpCeiling } from './ceilings';
import { kpisPhase } from './kpis.phase';
import { httpIngest } from './http-ingest.phase';
import { endToEnd, latency, memory, timers, warmPath } from './phases';
import { formatMarkdown, formatTable, round, type Row, withLoad } from './report';
import { scaleOut } from './scale-out.phase';
import { LATENCY_WORKS, type LatencyWork } from './workload';

const PHASES = ['core', 'ceilings', 'e2e', 'http', 'latency', 'timers', 'memory', 'kpis', 'scaleout'] as const;
type Phase = (typeof PHASES)[number];

interface Settings {
  events: number;
  ceilingItems: number;
  smtpItems: number;
  rates: number[];
  /** Seconds each rate is offered, one per rate (a single value applies to every rate). */
  rateSeconds: number[];
  timersPending: number;
  timersDue: number;
  memoryCustomers: number[];
  httpEvents: number;
  scaleOutEvents: number;
  latencyWork: LatencyWork;
  stallMs: number;
}

// The full run has the sizes the goals are stated at (200,000 events end to end, 60 s at each
// offered rate, 1,000,000 pending timers, memory up to 1,000,000 customers); it fits 15 minutes
// only when the stack is near its goals. Quick has small sizes, for a run under 2 minutes.
const QUICK: Settings = {
  events: 1_000,
  ceilingItems: 20_000,
  smtpItems: 1_000,
  rates: [50, 1000],
  // 50 events/s for 5 s: long enough to show whether the stack keeps up, not only the first second.
  rateSeconds: [5, 1],
  timersPending: 100_000,
  timersDue: 5_000,
  memoryCustomers: [10_000],
  httpEvents: 1_000,
  scaleOutEvents: 200,
  latencyWork: 'usage-guide',
  stallMs: 20_000,
};
const FULL: Settings = {
  events: 200_000,
  ceilingItems: 200_000,
  smtpItems: 5_000,
  rates: [50, 1000],
  rateSeconds: [60],
  timersPending: 1_000_000,
  timersDue: 20_000,
  memoryCustomers: [10_000, 100_000, 1_000_000],
  httpEvents: 20_000,
  scaleOutEvents: 10_000,
  latencyWork: 'usage-guide',
  stallMs: 60_000,
};

async function main(): Promise<void> {
  const options = new Command('bench')
    .option('--quick', 'small sizes; the whole run in under 2 minutes')
    .option('--only <phases>', `comma-separated: ${PHASES.join(',')}`)
    .option('--events <n>', 'events in the end-to-end phase')
    .option('--rates <list>', 'offered rates for the latency phase (events/s), e.g. 50,1000')
    .option(
      '--rate-seconds <list>',
      'seconds each latency rate is offered, one per rate or one for all, e.g. 60 or 5,1',
    )
    .option(
      '--latency-work <work>',
      `what the latency phase offers: ${LATENCY_WORKS.join(' or ')} (order.delivered and one usage-guide email, or order.placed through the shipped SMOT flow)`,
    )
    .option('--timers <n>', 'pending timers in the timers phase')
    .option('--timers-due <n>', 'timers due at once in the timers phase')
    .option('--memory-customers <list>', 'customer counts at which app memory is read, e.g. 10000,100000')
    .option('--http-events <n>', 'events posted to the gateway in the http phase')
    .option('--scale-out-events <n>', 'events per round of the scale-out phase')
    .option('--log-level <level>', "the apps' LOG_LEVEL", 'warn')
    .option('--cpu-prof', 'write CPU profiles of the engine and the dispatcher')
    .parse(process.argv)
    .opts<{
      quick?: boolean;
      only?: string;
      events?: string;
      rates?: string;
      rateSeconds?: string;
      latencyWork?: string;
      timers?: string;
      timersDue?: string;
      memoryCustomers?: string;
      httpEvents?: string;
      scaleOutEvents?: string;
      logLevel: string;
      cpuProf?: boolean;
    }>();
  const base = options.quick ? QUICK : FULL;
  const list = (s: string | undefined) => s?.split(',').map(Number);
  const settings: Settings = {
    ...base,
    events: Number(options.events ?? base.events),
    rates: list(options.rates) ?? base.rates,
    rateSeconds: list(options.rateSeconds) ?? base.rateSeconds,
    timersPending: Number(options.timers ?? base.timersPending),
    timersDue: Number(options.timersDue ?? base.timersDue),
    memoryCustomers: list(options.memoryCustomers) ?? base.memoryCustomers,
    httpEvents: Number(options.httpEvents ?? base.httpEvents),
    scaleOutEvents: Number(options.scaleOutEvents ?? base.scaleOutEvents),
    latencyWork: (options.latencyWork ?? base.latencyWork) as LatencyWork,
  };
  if (!LATENCY_WORKS.includes(settings.latencyWork))
    throw new Error(`unknown latency work '${settings.latencyWork}' (${LATENCY_WORKS.join(', ')})`);
  const only = (options.only?.split(',') ?? [...PHASES]) as Phase[];
  for (const p of only) if (!PHASES.includes(p)) throw new Error(`unknown phase '${p}' (phases: ${PHASES.join(', ')})`);

  const at = new Date();
  const stamp = at.toISOString().replace(/[:.]/g, '-');
  const results = join(ROOT, 'bench', 'results');
  const runDir = join(results, `bench-${stamp}`);
  mkdirSync(runDir, { recursive: true });
  const say = (line: string) => process.stderr.write(`${line}\n`);
  const rows: Row[] = [];
  let pgActivity: Array<{ app: string; state: string; wait: string; query: string; samples: number }> = [];
  const started = Date.now();
  say(
    `bench: ${options.quick ? 'quick' : 'full'} run, phases ${only.join(',')}; load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );

  if (only.includes('core'))
    rows.push(...(await withLoad(async () => corePhase(ROOT, options.quick ? 5_000 : 20_000))));

  const needsStack = only.some((p) => p !== 'core');
  const stack = new BenchStack({
    logDir: runDir,
    logLevel: options.logLevel,
    cpuProfDir: options.cpuProf ? runDir : undefined,
    log: (line) => say(`  ${line}`),
  });
  let failure: Error | undefined;
  if (needsStack) {
    try {
      await stack.start();
      say(`bench: services ready (${((Date.now() - started) / 1000).toFixed(0)} s)`);
      const sample = JSON.stringify(sampleEvent('order.placed', { id: 'evt-ceiling', subject: 'cus-ceiling' }));
      const ceilings: { kafka?: number; postgres?: number; smtp?: number } = {};
      if (only.includes('ceilings')) {
        const c = await withLoad(async () => [
          await kafkaCeiling(stack, settings.ceilingItems, sample),
          await postgresCeiling(stack, settings.ceilingItems, sample.padEnd(1024, ' ')),
          await smtpCeiling(stack, settings.smtpItems, Number(stack.env.SMTP_POOL_SIZE ?? 5), true),
          await smtpCeiling(stack, Math.ceil(settings.smtpItems / 4), Number(stack.env.SMTP_POOL_SIZE ?? 5), false),
        ]);
        [ceilings.kafka, ceilings.postgres, ceilings.smtp] = c.map((r) => r.perSecond);
        rows.push(...c);
      }
      const producer = stack.kafka.producer({ idempotent: true });
      await producer.connect();
      try {
        if (only.includes('e2e')) {
          rows.push(
            ...(await withLoad(async () => {
              const e2e = await endToEnd(stack, producer, settings.events, ceilings, settings.stallMs);
              pgActivity = e2e.pgActivity;
              return e2e.rows;
            })),
          );
        }
        if (only.includes('http'))
          rows.push(...(await withLoad(() => httpIngest(stack, settings.httpEvents, settings.stallMs))));
        if (!stack.engine && only.some((p) => p === 'latency' || p === 'timers' || p === 'memory'))
          await stack.startApps();
        if (only.includes('latency')) {
          // Apps that have not had the end-to-end or HTTP phase's traffic are warmed for 10 s first.
          const warm = only.includes('e2e') || only.includes('http');
          const work = settings.latencyWork;
          await warmPath(stack, producer, work, settings.rates[0], warm ? 0.2 : 10, settings.stallMs);
          let offset = 0;
          for (const [i, rate] of settings.rates.entries()) {
            const seconds = settings.rateSeconds[Math.min(i, settings.rateSeconds.length - 1)];
            rows.push(
              ...(await withLoad(() => latency(stack, producer, work, rate, seconds, offset, settings.stallMs))),
            );
            offset += Math.round(rate * seconds);
          }
        }
        if (only.includes('timers'))
          rows.push(
            ...(await withLoad(async () => [
              await timers(stack, settings.timersPending, settings.timersDue, settings.stallMs),
            ])),
          );
        if (only.includes('memory'))
          rows.push(...(await withLoad(() => memory(stack, producer, settings.memoryCustomers, settings.stallMs))));
        if (only.includes('kpis'))
          rows.push(
            ...(await withLoad(() =>
              kpisPhase(stack, { activityRows: options.quick ? 100_000 : 1_000_000, calls: options.quick ? 5 : 20 }),
            )),
          );
        if (only.includes('scaleout'))
          rows.push(...(await withLoad(() => scaleOut(stack, producer, settings.scaleOutEvents, settings.stallMs))));
      } finally {
        await producer.disconnect();
      }
    } catch (error) {
      failure = error as Error;
    } finally {
      await stack.stop();
    }
  }

  const table = formatTable(rows);
  process.stdout.write(`\n${table}`);
  if (pgActivity.length > 0) {
    const total = pgActivity.reduce((sum, a) => sum + a.samples, 0);
    process.stdout.write(
      `\nPostgres sessions of the apps during e2e (pg_stat_activity every 200 ms; share of session samples):\n`,
    );
    for (const a of pgActivity.slice(0, 12))
      process.stdout.write(
        `${((100 * a.samples) / total).toFixed(1).padStart(5)}%  ${a.app.padEnd(22)} ${a.state.padEnd(20)} ${a.wait.padEnd(24)} ${a.query}\n`,
      );
  }
  const machine = {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model,
    memoryGb: round(totalmem() / 1024 ** 3, 1),
    node: process.version,
    loadAverageAtEnd: loadavg().map((l) => round(l)),
  };
  process.stdout.write(
    `\nmachine: ${machine.cpus} cores (${machine.cpuModel}), ${machine.memoryGb} GB, node ${machine.node}; load average at end ${machine.loadAverageAtEnd.join(' ')}; ${((Date.now() - started) / 1000).toFixed(0)} s in all\n`,
  );
  const file = join(results, `bench-${stamp}.json`);
  writeFileSync(
    file,
    `${JSON.stringify({ at: at.toISOString(), mode: options.quick ? 'quick' : 'full', phases: only, settings, logLevel: options.logLevel, machine, pgActivity, seconds: (Date.now() - started) / 1000, rows, error: failure?.message }, null, 2)}\n`,
  );
  writeFileSync(join(results, `bench-${stamp}.md`), formatMarkdown(rows));
  process.stdout.write(
    `written ${file} (and the Markdown table in bench-${stamp}.md) (app logs${options.cpuProf ? ' and CPU profiles' : ''} in ${runDir})\n`,
  );
  if (failure) {
    process.stderr.write(`bench failed: ${failure.stack ?? failure.message}\n`);
    process.exit(1);
  }
  process.exit(0);
}

void main().catch((error: Error) => {
  process.stderr.write(`bench failed: ${error.stack ?? error.message}\n`);
  process.exit(1);
});
