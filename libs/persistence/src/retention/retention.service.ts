import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig, Clock, IntervalPoller, LOGGER, Logger, MetricsService } from '@postventa/platform';
import type { Counter } from 'prom-client';

const DAY_MS = 86_400_000;
/** Batches per table in one round; a bigger backlog is worked off over the next rounds. */
const MAX_BATCHES_PER_ROUND = 50;

/** A table pruned by age: rows older than `keepDays` go, `limit` at a time (0 days: kept forever). */
export interface RetentionTarget {
  table: string;
  keepDays: number;
  /** Deletes at most `limit` rows older than `before`, skipping locked rows; returns how many went. */
  prune(before: Date, limit: number): Promise<number>;
}

/** The tables an app prunes (each app prunes the tables it writes). */
export const RETENTION_TARGETS = Symbol('RETENTION_TARGETS');

/**
 * Prunes old rows every RETENTION_INTERVAL_MS, driven by the shared IntervalPoller: each table in
 * batches of RETENTION_BATCH_SIZE (one short statement each, `FOR UPDATE SKIP LOCKED`, so the hot
 * path never waits on it), until a batch comes back short or the round's budget is spent.
 */
@Injectable()
export class RetentionService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly poller: IntervalPoller;
  private readonly batchSize: number;
  private readonly deleted: Counter<string>;

  constructor(
    @Inject(RETENTION_TARGETS) private readonly targets: readonly RetentionTarget[],
    private readonly clock: Clock,
    config: AppConfig,
    metrics: MetricsService,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.batchSize = config.get('RETENTION_BATCH_SIZE');
    this.deleted = metrics.counter('postventa_retention_deleted_total', 'Rows pruned by age, by table', ['table']);
    this.poller = new IntervalPoller(
      'retention',
      config.get('RETENTION_INTERVAL_MS'),
      async () => void (await this.pruneAll()),
      logger,
    );
  }

  onApplicationBootstrap(): void {
    this.poller.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.poller.stop();
  }

  /** One round over every table; returns how many rows went from each. */
  async pruneAll(): Promise<Record<string, number>> {
    const now = this.clock.now();
    const result: Record<string, number> = {};
    for (const target of this.targets) {
      if (target.keepDays <= 0) continue;
      const before = new Date(now.getTime() - target.keepDays * DAY_MS);
      let total = 0;
      for (let batch = 0; batch < MAX_BATCHES_PER_ROUND; batch++) {
        const count = await target.prune(before, this.batchSize);
        total += count;
        if (count < this.batchSize) break;
      }
      result[target.table] = total;
      if (total > 0) {
        this.deleted.inc({ table: target.table }, total);
        this.logger.info({ table: target.table, deleted: total, before: before.toISOString() }, 'old rows pruned');
      }
    }
    return result;
  }
}
