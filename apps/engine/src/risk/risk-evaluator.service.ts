import { Inject, Injectable } from '@nestjs/common';
import { AlertActivityWriter, AlertLifecycleService, CustomerRisk, CustomerRiskRepository } from '@postventa/alerts';
import { EventEnvelope, makeEvent } from '@postventa/contracts';
import { LOGGER, Logger } from '@postventa/platform';
import {
  alertingReasons,
  alertReasonsToRaise,
  RiskModel,
  riskChanged,
  riskLookbackMs,
  RiskReasonCode,
  RiskSignal,
  scoreRisk,
} from '@postventa/risk';
import { createHash } from 'node:crypto';
import { Tx } from '@postventa/persistence';
import { RISK_MODEL } from './risk-model.loader';
import { reasonsBackedBy, riskChangedData, RiskTrigger, severityOfLevel } from './risk-signals';
import { RiskSignalRepository } from './risk-signal.repository';

/** What arrived for one customer in this batch. */
export interface CustomerNews {
  /** The newest event that carried a signal: named in `risk.changed`. */
  trigger: RiskTrigger;
  /** The signals that arrived, with the id of the event behind each (and its survey, for answers). */
  signals: Array<{ eventId: string; signal: RiskSignal; surveyId?: string }>;
}

/**
 * Recomputes customers' risk inside the caller's transaction: prunes and loads their signals,
 * scores them with the model, stores score, level, reasons and review time, writes `risk.changed`
 * when it changed, and raises, updates or auto-resolves their alerts.
 */
@Injectable()
export class RiskEvaluator {
  private readonly lookbackMs: number;

  constructor(
    private readonly signals: RiskSignalRepository,
    private readonly risks: CustomerRiskRepository,
    private readonly lifecycle: AlertLifecycleService,
    private readonly activity: AlertActivityWriter,
    @Inject(RISK_MODEL) private readonly model: RiskModel,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.lookbackMs = riskLookbackMs(model);
  }

  async evaluate(
    db: Tx,
    customerIds: readonly string[],
    now: Date,
    news: ReadonlyMap<string, CustomerNews> = new Map(),
  ): Promise<void> {
    const ids = [...new Set(customerIds)].sort();
    if (ids.length === 0) return;
    const previous = await this.risks.lockMany(db, ids);
    const signals = await this.signals.pruneAndLoad(db, ids, new Date(now.getTime() - this.lookbackMs));
    const scores: CustomerRisk[] = [];
    const changes: EventEnvelope[] = [];
    for (const customerId of ids) {
      const before = previous.get(customerId) ?? null;
      const next = scoreRisk(signals.get(customerId) ?? [], this.model, now);
      const fresh = news.get(customerId);
      scores.push({ ...next, customerId, computedAt: now.toISOString() });
      if (riskChanged(before, next, this.model)) {
        changes.push(
          makeEvent('risk.changed', customerId, riskChangedData(before, next, fresh?.trigger ?? {}), {
            id: `risk.changed.${digest(`${customerId}\n${fresh?.trigger.eventId ?? `review:${now.toISOString()}`}`)}`,
            time: now.toISOString(),
          }),
        );
        this.logger.info(
          {
            customer_id: customerId,
            event_id: fresh?.trigger.eventId,
            score: next.score,
            level: next.level,
            previous: before?.score ?? 0,
            reasons: next.reasons.map((r) => r.code),
          },
          'risk changed',
        );
      }
      await this.applyAlerts(db, customerId, before, next, fresh, now);
    }
    await this.risks.upsertMany(db, scores);
    await this.activity.write(db, changes, () => ({ outcome: 'changed' }));
  }

  private async applyAlerts(
    db: Tx,
    customerId: string,
    before: CustomerRisk | null,
    next: ReturnType<typeof scoreRisk>,
    fresh: CustomerNews | undefined,
    now: Date,
  ): Promise<void> {
    const { raise, clear } = alertReasonsToRaise(before, next, this.model);
    const alerting = new Map(alertingReasons(next, this.model).map((reason) => [reason.code, reason]));
    // Newly alerting reasons, and alerting reasons a new signal backs again (updates the open alert).
    const backing = new Map<RiskReasonCode, { eventId: string; signal: RiskSignal; surveyId?: string }>();
    for (const item of fresh?.signals ?? [])
      for (const code of reasonsBackedBy(item.signal)) if (alerting.has(code)) backing.set(code, item);
    const codes = new Set([...raise.map((reason) => reason.code), ...backing.keys()]);
    for (const code of [...codes].sort()) {
      const reason = alerting.get(code);
      if (!reason) continue;
      const backer = backing.get(code);
      await this.lifecycle.raise(
        db,
        {
          customerId,
          reason: code,
          severity: severityOfLevel(next.level),
          source: 'risk',
          actor: 'risk',
          // One survey raises at most one alert, however often its answer changes (a revision
          // updates that alert while it is open); other signals are deduplicated per event.
          ...(backer?.surveyId
            ? { oncePerKey: `risk:survey:${backer.surveyId}:${code}` }
            : { dedupeKey: backer ? `risk:${backer.eventId}:${code}` : undefined }),
          reasons: [{ code, detail: reason.detail }],
          riskScore: next.score,
          signalAt: backer?.signal.at ?? reason.since,
          orderId: fresh?.trigger.orderId,
          data: {
            score: next.score,
            level: next.level,
            since: reason.since,
            other_reasons: next.reasons.filter((r) => r.code !== code).map((r) => r.code),
          },
        },
        now,
      );
    }
    for (const { code, cause } of clear) {
      const note =
        cause === 'recovered'
          ? `auto-resolved: the customer recovered (${code} no longer holds)`
          : `auto-resolved: risk score ${next.score} fell below the alert threshold`;
      await this.lifecycle.autoResolve(db, customerId, code, cause, now, note);
    }
  }
}

function digest(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 32);
}
