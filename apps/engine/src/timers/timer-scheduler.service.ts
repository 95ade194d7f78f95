import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { OutboxRepository, TransactionRunner } from '@postventa/persistence';
import {
  AppConfig,
  Clock,
  HealthRegistry,
  IntervalPoller,
  LOGGER,
  Logger,
  MetricsService,
  type PollerRoundResult,
} from '@postventa/platform';
import { timerFiredMessage } from './timer-firing';
import { TimerRepository } from './timer.repository';

/** Longest pause between failed rounds (a database or broker outage). */
const MAX_BACKOFF_MS = 15_000;

/**
 * Fires due timers: when the earliest pending timer comes due (looked up after each round, and at
 * least every SCHEDULER_INTERVAL_MS, which also catches timers written since) it claims due pending timers (FOR UPDATE SKIP
 * LOCKED, so several engines share the work), writes their `timer.fired` events to the outbox
 * and marks them fired, in one transaction. Timers that came due while nothing ran fire once on
 * the first round after start-up. The firing reaches the journey through the timers topic, keyed
 * by customer id, so it is handled where that customer's events are.
 */
@Injectable()
export class TimerScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly loop: IntervalPoller;
  private readonly batchSize: number;
  private readonly staleAfterMs: number;
  private readonly fired;
  private readonly lateness;

  constructor(
    private readonly transactions: TransactionRunner,
    private readonly timers: TimerRepository,
    private readonly outbox: OutboxRepository,
    private readonly clock: Clock,
    private readonly health: HealthRegistry,
    config: AppConfig,
    metrics: MetricsService,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    const interval = config.get('SCHEDULER_INTERVAL_MS');
    this.batchSize = config.get('SCHEDULER_BATCH_SIZE');
    this.staleAfterMs = Math.max(30_000, interval * 10);
    this.loop = new IntervalPoller('timer scheduler', interval, () => this.fireDue(), logger, {
      maxBackoffMs: MAX_BACKOFF_MS,
      failureNote: 'timers stay pending',
    });
    this.fired = metrics.counter('postventa_timers_fired_total', 'Journey timers fired by the scheduler', ['purpose']);
    this.lateness = metrics.histogram(
      'postventa_timer_fire_delay_seconds',
      'How late timers fired after they were due',
      [],
      [0.1, 0.5, 1, 2, 5, 15, 60, 300, 3600, 86400],
    );
    const repository = this.timers;
    const source = this.transactions;
    const now = () => this.clock.now();
    metrics.gauge(
      'postventa_scheduler_lag_seconds',
      'How late the oldest due, not yet fired timer is (sampled at scrape time)',
      [],
      async (gauge) => {
        if (!source.connected) return;
        const lag = await repository.lagSeconds(source.db, now()).catch(() => undefined);
        if (lag !== undefined) gauge.set(lag);
      },
    );
    const overdueAfterMs = this.staleAfterMs;
    metrics.gauge(
      'postventa_timers_pending',
      `Pending journey timers by state: scheduled (not due yet), due, overdue (due for more than ${overdueAfterMs / 1000} s; sampled at scrape time)`,
      ['state'],
      async (gauge) => {
        if (!source.connected) return;
        const at = now();
        const counts = await repository
          .pendingByState(source.db, at, new Date(at.getTime() - overdueAfterMs))
          .catch(() => undefined);
        if (!counts) return;
        for (const [state, count] of Object.entries(counts)) gauge.set({ state }, count);
      },
    );
  }

  onApplicationBootstrap(): void {
    this.health.register({
      name: 'timer-scheduler',
      check: async () => {
        const age = Date.now() - this.loop.lastSuccessAt;
        if (age > this.staleAfterMs) throw new Error(`no successful scheduler round for ${Math.round(age / 1000)} s`);
      },
    });
    this.loop.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.loop.stop();
  }

  /** One round; true when a full batch fired (there may be more due), else when the next timer is due. */
  async fireDue(): Promise<PollerRoundResult> {
    const now = this.clock.now();
    const due = await this.transactions.run(async (db) => {
      // Claimed and marked fired in one statement; their firings join the outbox in the same transaction.
      const claimed = await this.timers.claimAndMarkFired(db, now, this.batchSize);
      if (claimed.length === 0) return claimed;
      await this.outbox.insertMany(
        db,
        claimed.map((t) => timerFiredMessage(t, now)),
      );
      return claimed;
    });
    for (const timer of due) {
      this.fired.inc({ purpose: timer.purpose });
      this.lateness.observe(Math.max(0, (now.getTime() - timer.due_at.getTime()) / 1000));
    }
    if (due.length > 0) this.logger.debug({ timers: due.length }, 'timers fired');
    if (due.length === this.batchSize) return true;
    const next = await this.timers.nextDueAt(this.transactions.db);
    if (!next) return false;
    // A due timer left unclaimed is held by another engine's round: look again shortly, not in a spin.
    return { nextInMs: Math.max(next.getTime() - this.clock.now().getTime(), due.length === 0 ? 50 : 0) };
  }
}
