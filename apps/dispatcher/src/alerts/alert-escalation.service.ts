import { Injectable } from '@nestjs/common';
import { AlertLifecycleService, AlertRepository } from '@postventa/alerts';
import { Clock, MetricsService } from '@postventa/platform';
import { TransactionRunner } from '@postventa/persistence';

/**
 * Escalates alerts nobody acknowledged within their SLA. Overdue alerts are claimed with
 * FOR UPDATE SKIP LOCKED, and `escalated_at` is set in the same transaction that queues the
 * escalation notifications, so each alert is escalated exactly once however many dispatchers run.
 */
@Injectable()
export class AlertEscalationService {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly alerts: AlertRepository,
    private readonly lifecycle: AlertLifecycleService,
    private readonly clock: Clock,
    metrics: MetricsService,
  ) {
    metrics.gauge('postventa_alerts', 'At-risk alerts by state (sampled at scrape time)', ['state'], async (gauge) => {
      if (!this.transactions.connected) return;
      const counts = await this.alerts.countByState(this.transactions.db).catch(() => undefined);
      for (const [state, count] of Object.entries(counts ?? {})) gauge.set({ state }, count);
    });
  }

  async escalateOverdue(limit = 50): Promise<number> {
    return this.transactions.run(async (db) => {
      const now = this.clock.now();
      const overdue = await this.alerts.claimOverdue(db, now, limit);
      for (const alert of overdue) await this.lifecycle.escalate(db, alert, now);
      return overdue.length;
    });
  }
}
