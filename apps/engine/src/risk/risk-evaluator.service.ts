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
import { combineReads, runRead, runWrites, type SqlRead, Tx } from '@postventa/persistence';
import { RISK_MODEL } from './risk-model.loader';
import { reasonsBackedBy, riskChangedData, RiskTrigger, severityOfLevel } from './risk-signals';
import { RiskSignalRepository, type StoredSignal } from './risk-signal.repository';

/** What evaluating customers reads (see `RiskEvaluator.read`). */
export interface RiskInputs {
  previous: Map<string, CustomerRisk>;
  signals: Map<string, StoredSignal[]>;
}

/** What arrived for one customer in this batch. */
export interface CustomerNews {
  /** The newest event that carried a signal: named in `risk.changed`. */
  trigger: RiskTrigger;
  /** The signals that arrived, with the id of the event behind each (and its survey, for answers). */
  signals: Array<{ eventId: string; signal: RiskSignal; surveyId?: string }>;
}

/**
 * Recomputes customers' risk inside the caller's transaction: with their kept signals and the new
 * ones, scores them with the model, stores score, level, reasons and review time, writes
 * `risk.changed` when it changed, and raises, updates or auto-resolves their alerts.
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

  /**
   * What evaluating these customers reads: their scores, locked until the transaction ends, and
   * the signals the model can still count. The ingestion batch reads it with its other reads.
   */
  read(customerIds: readonly string[], now: Date): SqlRead<RiskInputs> {
    const ids = [...new Set(customerIds)].sort();
    return combineReads({
      previous: this.risks.lockRead(ids),
      signals: this.signals.keptRead(ids, this.lookbackStart(now)),
    });
  }

  /**
   * Recomputes the customers' scores from their kept signals and the batch's new ones (`news`),
   * then records in one statement the new signals, the pruning of those the model can no longer
   * count, the scores and the `risk.changed` events; alerts are raised or resolved on the way.
   * `inputs` is what `read` gave (read here when not given).
   */
  async evaluate(
    db: Tx,
    customerIds: readonly string[],
    now: Date,
    news: ReadonlyMap<string, CustomerNews> = new Map(),
    inputs?: RiskInputs,
  ): Promise<void> {
    const ids = [...new Set(customerIds)].sort();
    if (ids.length === 0) return;
    const { previous, signals: kept } = inputs ?? (await runRead(db, this.read(ids, now)));
    const from = this.lookbackStart(now);
    // New signals the model can count, once each (a signal already kept is the same event's).
    const fresh: StoredSignal[] = [];
    const freshSignals = new Map<string, RiskSignal[]>();
    for (const [customerId, entry] of news) {
      const known = new Set((kept.get(customerId) ?? []).map((s) => s.eventId));
      const counted: RiskSignal[] = [];
      for (const { eventId, signal } of entry.signals)
        if (!known.has(eventId) && Date.parse(signal.at) >= from.getTime()) {
          known.add(eventId);
          fresh.push({ eventId, customerId, signal });
          counted.push(signal);
        }
      freshSignals.set(customerId, counted);
    }
    const scores: CustomerRisk[] = [];
    const changes: EventEnvelope[] = [];
    for (const customerId of ids) {
      const before = previous.get(customerId) ?? null;
      const counted = [...(kept.get(customerId) ?? []).map((s) => s.signal), ...(freshSignals.get(customerId) ?? [])];
      const next = scoreRisk(counted, this.model, now);
      const latest = news.get(customerId);
      scores.push({ ...next, customerId, computedAt: now.toISOString() });
      if (riskChanged(before, next, this.model)) {
        changes.push(
          makeEvent('risk.changed', customerId, riskChangedData(before, next, latest?.trigger ?? {}), {
            id: `risk.changed.${digest(`${customerId}\n${latest?.trigger.eventId ?? `review:${now.toISOString()}`}`)}`,
            time: now.toISOString(),
          }),
        );
        this.logger.info(
          {
            customer_id: customerId,
            event_id: latest?.trigger.eventId,
            score: next.score,
            level: next.level,
            previous: before?.score ?? 0,
            reasons: next.reasons.map((r) => r.code),
          },
          'risk changed',
        );
      }
      await this.applyAlerts(db, customerId, before, next, latest, now);
    }
    const activity = this.activity.writes(changes, () => ({ outcome: 'changed' }));
    await runWrites(
      db,
      [
        this.signals.insertWrite(fresh),
        this.signals.pruneWrite(ids, from),
        this.risks.upsertWrite(scores),
        ...activity.writes,
      ],
      activity.notify,
    );
  }

  /** The oldest instant whose signals can still change a score. */
  private lookbackStart(now: Date): Date {
    return new Date(now.getTime() - this.lookbackMs);
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
