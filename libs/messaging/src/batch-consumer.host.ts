import { BeforeApplicationShutdown, Inject, Injectable } from '@nestjs/common';
import {
  AppConfig,
  AppLifecycle,
  HealthDownError,
  HealthRegistry,
  LOGGER,
  Logger,
  MetricsService,
} from '@postventa/platform';
import type { Admin } from 'kafkajs';
import { BatchConsumerOptions, BatchConsumerRunner, ConsumerStatus } from './batch-consumer.runner';
import { ConsumerLagProbe } from './consumer-lag.probe';
import { KAFKA_ADMIN } from './kafka-admin';
import { DeadLetterPublisher } from './dead-letter.publisher';
import { KafkaClient } from './kafka-client';

/** What an app says about one of its consumers; the host adds dead letters, health, metrics and supervision. */
export type ConsumerSpec = Omit<BatchConsumerOptions, 'deadLetter' | 'onFatal' | 'events' | 'rejoinTimeoutMs'>;

/** A consumer is "not consuming" when it has not fetched for this long (a healthy one fetches every ~0.5 s). */
const STALL_MS = 30_000;

/**
 * Runs the app's batch consumers (started by the Kafka batch transport, see KafkaBatchServer): each one dead-letters what it cannot process, restarts itself
 * after crashes, reports to health (`consumer:<name>`: state, membership, lag, last batch) and to
 * metrics, and gives the process up (AppLifecycle.fatal) when it cannot rejoin its group within
 * CONSUMER_REJOIN_TIMEOUT_MS.
 */
@Injectable()
export class BatchConsumerHost implements BeforeApplicationShutdown {
  private readonly runners = new Map<string, BatchConsumerRunner>();
  private readonly lag: ConsumerLagProbe;
  private readonly restarts;
  private readonly poisoned;
  private readonly retries;
  private readonly batchSeconds;
  private readonly consumed;

  constructor(
    private readonly client: KafkaClient,
    private readonly deadLetters: DeadLetterPublisher,
    private readonly config: AppConfig,
    private readonly health: HealthRegistry,
    private readonly lifecycle: AppLifecycle,
    metrics: MetricsService,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(KAFKA_ADMIN) admin: Admin,
  ) {
    this.lag = new ConsumerLagProbe(admin);
    this.restarts = metrics.counter('postventa_consumer_restarts_total', 'Kafka consumers rebuilt after a crash', [
      'consumer',
    ]);
    this.poisoned = metrics.counter(
      'postventa_consumer_poison_messages_total',
      'Messages dead-lettered because processing them failed for a reason of their own',
      ['consumer'],
    );
    this.retries = metrics.counter(
      'postventa_consumer_batch_retries_total',
      'Batches retried after an infrastructure failure',
      ['consumer'],
    );
    this.consumed = metrics.counter(
      'postventa_consumer_messages_total',
      'Messages consumed and committed (handled or dead-lettered), by consumer and topic',
      ['consumer', 'topic'],
    );
    this.batchSeconds = metrics.histogram(
      'postventa_consumer_batch_seconds',
      'Time to handle and commit one batch',
      ['consumer'],
      [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    );
    metrics.gauge(
      'postventa_consumer_lag',
      "Messages on the consumer's topics not yet committed by its group",
      ['consumer'],
      async (gauge) => {
        for (const runner of this.runners.values()) {
          const s = runner.snapshot();
          await this.lag.lag(s.groupId, s.topics).then(
            (lag) => gauge.set({ consumer: s.name }, lag),
            () => undefined,
          );
        }
      },
    );
    metrics.gauge(
      'postventa_consumer_up',
      '1 while the consumer is a member of its group and fetching',
      ['consumer'],
      (gauge) => {
        for (const runner of this.runners.values())
          gauge.set({ consumer: runner.snapshot().name }, consuming(runner.snapshot()) ? 1 : 0);
      },
    );
  }

  async start(spec: ConsumerSpec): Promise<BatchConsumerRunner> {
    const runner = new BatchConsumerRunner(this.client.kafka, this.logger);
    const labels = { consumer: spec.name };
    this.runners.set(spec.name, runner);
    await runner.start({
      ...spec,
      rejoinTimeoutMs: this.config.get('CONSUMER_REJOIN_TIMEOUT_MS'),
      onFatal: (reason) => this.lifecycle.fatal(reason),
      deadLetter: async (message, reason) => {
        await this.deadLetters.publish([{ message, reason }], new Date());
      },
      events: {
        onRetry: () => this.retries.inc(labels),
        onPoison: () => this.poisoned.inc(labels),
        onRestart: () => this.restarts.inc(labels),
        onBatch: ({ topic, size, seconds }) => {
          this.batchSeconds.observe(labels, seconds);
          this.consumed.inc({ ...labels, topic }, size);
        },
      },
    });
    this.health.register({ name: `consumer:${spec.name}`, check: () => this.check(runner) });
    return runner;
  }

  async stop(runner: BatchConsumerRunner): Promise<void> {
    const name = runner.snapshot().name;
    await runner.stop();
    this.runners.delete(name);
    this.health.unregister(`consumer:${name}`);
  }

  /** Stops every consumer: each finishes the batch in hand, commits it and leaves its group. */
  async stopAll(): Promise<void> {
    await Promise.all([...this.runners.values()].map((runner) => this.stop(runner)));
  }

  /** Consumers stop before the database and the producer close (those close on application shutdown). */
  async beforeApplicationShutdown(): Promise<void> {
    await this.stopAll();
  }

  statuses(): ConsumerStatus[] {
    return [...this.runners.values()].map((r) => r.snapshot());
  }

  /** Down when the consumer is not consuming while its group has lag (or the lag cannot be read). */
  private async check(runner: BatchConsumerRunner): Promise<Record<string, unknown>> {
    const s = runner.snapshot();
    const details: Record<string, unknown> = {
      state: s.state,
      member: s.member,
      since: s.since.toISOString(),
      lastFetchAt: s.lastFetchAt?.toISOString() ?? null,
      lastBatchAt: s.lastBatchAt?.toISOString() ?? null,
      restarts: s.restarts,
      poisoned: s.poisoned,
      lastError: s.lastError ? { code: s.lastError.code, at: s.lastError.at.toISOString() } : null,
    };
    let lag: number;
    try {
      lag = await this.lag.lag(s.groupId, s.topics);
    } catch (error) {
      throw new HealthDownError(`cannot read the group's lag: ${(error as Error).message}`, details);
    }
    details.lag = lag;
    if (s.state === 'failed') throw new HealthDownError('the consumer could not rejoin its group', details);
    if (!consuming(s) && lag > 0)
      throw new HealthDownError(`not consuming (${s.state}) with ${lag} message(s) waiting`, details);
    return details;
  }
}

function consuming(s: ConsumerStatus): boolean {
  return s.state === 'running' && s.member && s.lastFetchAt !== null && Date.now() - s.lastFetchAt.getTime() < STALL_MS;
}
