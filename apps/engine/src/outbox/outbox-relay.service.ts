import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { TOPIC_KEYS, TopicMap } from '@postventa/contracts';
import { EventProducer, OutgoingMessage, TOPICS } from '@postventa/messaging';
import { OutboxNotifier, OutboxRepository, type OutboxRow, TransactionRunner } from '@postventa/persistence';
import {
  AppConfig,
  Clock,
  HealthDownError,
  HealthRegistry,
  IntervalPoller,
  LOGGER,
  Logger,
  MetricsService,
} from '@postventa/platform';

/** Longest pause between failed rounds (a database or broker outage). */
const MAX_BACKOFF_MS = 15_000;

/**
 * Publishes the outbox: claims unpublished rows in id order and marks them published (one
 * statement), sends them with the idempotent producer and waits for the acks, all in one
 * transaction: a failed send rolls the mark back. A crash
 * between the acks and the commit publishes those rows again on the next round; consumers
 * dedupe (commands by command_id at the dispatcher, events by id in the engine's inbox).
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly loop: IntervalPoller;
  private readonly batchSize: number;
  private readonly published;
  private readonly staleAfterMs: number;

  constructor(
    private readonly transactions: TransactionRunner,
    private readonly outbox: OutboxRepository,
    private readonly notifier: OutboxNotifier,
    private readonly producer: EventProducer,
    private readonly clock: Clock,
    private readonly health: HealthRegistry,
    config: AppConfig,
    metrics: MetricsService,
    @Inject(TOPICS) private readonly topics: TopicMap,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    const interval = config.get('OUTBOX_INTERVAL_MS');
    this.batchSize = config.get('OUTBOX_BATCH_SIZE');
    this.staleAfterMs = Math.max(30_000, interval * 10);
    this.loop = new IntervalPoller('outbox relay', interval, () => this.publishBatch(), logger, {
      maxBackoffMs: MAX_BACKOFF_MS,
      failureNote: 'rows stay for the next round',
    });
    this.published = metrics.counter(
      'postventa_outbox_published_total',
      'Outbox rows published to Kafka, by logical topic',
      ['topic'],
    );
    metrics.gauge(
      'postventa_outbox_backlog',
      'Outbox rows not yet published (sampled at scrape time)',
      ['measure'],
      async (gauge) => {
        if (!this.transactions.connected) return;
        const backlog = await this.outbox.backlog(this.transactions.db, this.clock.now()).catch(() => undefined);
        if (!backlog) return;
        gauge.set({ measure: 'rows' }, backlog.count);
        gauge.set({ measure: 'oldest_age_seconds' }, backlog.oldestAgeSeconds);
      },
    );
  }

  onApplicationBootstrap(): void {
    this.notifier.subscribe(() => this.loop.poke());
    this.health.register({
      name: 'outbox-relay',
      check: async () => {
        const age = Date.now() - this.loop.lastSuccessAt;
        const backlog = await this.outbox.backlog(this.transactions.db, this.clock.now()).catch(() => undefined);
        const details = {
          lastRoundSecondsAgo: Math.round(age / 1000),
          backlog: backlog?.count ?? null,
          oldestAgeSeconds: backlog?.oldestAgeSeconds ?? null,
        };
        if (age > this.staleAfterMs)
          throw new HealthDownError(`no successful outbox round for ${Math.round(age / 1000)} s`, details);
        return details;
      },
    });
    this.loop.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.loop.stop();
  }

  /** Wakes the relay now (e.g. after a commit in this process). */
  poke(): void {
    this.loop.poke();
  }

  /** One round; true when a full batch went out (there may be more). */
  async publishBatch(): Promise<boolean> {
    await this.notifier
      .ensureListening()
      .catch((error: unknown) => this.logger.debug({ err: error }, 'outbox LISTEN unavailable; polling'));
    return this.transactions.run(async (db) => {
      // Claimed and marked in one statement; a failed send rolls the mark back.
      const rows = await this.outbox.claimAndMark(db, this.batchSize, this.clock.now());
      if (!rows || rows.length === 0) return false;
      await this.producer.send(rows.map((row) => this.toMessage(row)));
      for (const row of rows) this.published.inc({ topic: row.topic });
      this.logger.debug(
        { rows: rows.length, first: rows[0].id, last: rows[rows.length - 1].id },
        'outbox rows published',
      );
      return rows.length === this.batchSize;
    });
  }

  private toMessage(row: OutboxRow): OutgoingMessage {
    const known = (TOPIC_KEYS as readonly string[]).includes(row.topic);
    if (!known)
      this.logger.error(
        { outbox_id: row.id, topic: row.topic },
        'outbox row names an unknown topic; sent to the dead-letter topic',
      );
    return {
      topic: known ? this.topics[row.topic] : this.topics.deadLetter,
      key: row.key,
      value: JSON.stringify(row.payload),
      headers: { ...row.headers, 'x-outbox-id': row.id },
    };
  }
}
