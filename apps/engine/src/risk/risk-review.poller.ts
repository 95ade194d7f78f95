import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { CustomerRiskRepository } from '@postventa/alerts';
import { AppConfig, Clock, IntervalPoller, LOGGER, Logger } from '@postventa/platform';
import { TransactionRunner } from '@postventa/persistence';
import { RiskEvaluator } from './risk-evaluator.service';

const BATCH = 100;

/**
 * Recomputes customers whose review time (`nextReviewAt`) has passed with no new event: a
 * silence window passing (no first use after delivery) or a window expiring changes their score
 * by itself. Customers are claimed with FOR UPDATE SKIP LOCKED, so several engines share the work
 * and an ingestion batch holding a customer is never waited for.
 */
@Injectable()
export class RiskReviewPoller implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly poller: IntervalPoller;

  constructor(
    private readonly transactions: TransactionRunner,
    private readonly risks: CustomerRiskRepository,
    private readonly evaluator: RiskEvaluator,
    private readonly clock: Clock,
    config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.poller = new IntervalPoller(
      'risk review',
      config.get('ALERT_POLL_INTERVAL_MS'),
      async () => void (await this.drain()),
      logger,
    );
  }

  onApplicationBootstrap(): void {
    this.poller.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.poller.stop();
  }

  /** Reviews every customer that is due, a batch per transaction; returns how many. */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const reviewed = await this.reviewDue();
      total += reviewed;
      if (reviewed < BATCH) return total;
    }
  }

  async reviewDue(): Promise<number> {
    return this.transactions.run(async (db) => {
      const now = this.clock.now();
      const due = await this.risks.claimDue(db, now, BATCH);
      if (due.length > 0) {
        await this.evaluator.evaluate(db, due, now);
        this.logger.debug({ customers: due.length }, 'risk reviews done');
      }
      return due.length;
    });
  }
}
