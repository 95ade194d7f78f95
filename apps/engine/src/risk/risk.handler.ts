import { Injectable } from '@nestjs/common';
import type { EventEnvelope } from '@postventa/contracts';
import { Tx } from '@postventa/persistence';
import type { CustomerProfile } from '../customers/customer-profile';
import type { NewEventsHandler } from '../ingestion/ingestion.service';
import { CustomerNews, RiskEvaluator } from './risk-evaluator.service';
import { riskSignalOf } from './risk-signals';
import { RiskSignalRepository, StoredSignal } from './risk-signal.repository';

/**
 * Risk scoring on the ingestion path: runs inside the batch's transaction on the events the inbox
 * had not seen, keeps their risk signals and recomputes the customers they concern.
 */
@Injectable()
export class RiskHandler implements NewEventsHandler {
  constructor(
    private readonly signals: RiskSignalRepository,
    private readonly evaluator: RiskEvaluator,
  ) {}

  async handle(
    db: Tx,
    events: readonly EventEnvelope[],
    _customers: ReadonlyMap<string, CustomerProfile>,
    now: Date,
  ): Promise<void> {
    const stored: StoredSignal[] = [];
    const news = new Map<string, CustomerNews>();
    for (const event of events) {
      const signal = riskSignalOf(event);
      if (!signal || !event.subject) continue;
      stored.push({ eventId: event.id, customerId: event.subject, signal });
      const data = (event.data ?? {}) as Record<string, unknown>;
      const orderId = typeof data.order_id === 'string' ? data.order_id : undefined;
      const entry = news.get(event.subject) ?? { trigger: {}, signals: [] };
      const newest = entry.signals.every((item) => Date.parse(item.signal.at) <= Date.parse(signal.at));
      const surveyId = signal.kind === 'survey' && typeof data.survey_id === 'string' ? data.survey_id : undefined;
      entry.signals.push({ eventId: event.id, signal, ...(surveyId ? { surveyId } : {}) });
      if (newest) entry.trigger = { eventId: event.id, eventType: event.type, orderId };
      news.set(event.subject, entry);
    }
    if (stored.length === 0) return;
    await this.signals.insertMany(db, stored);
    await this.evaluator.evaluate(db, [...news.keys()], now, news);
  }
}
