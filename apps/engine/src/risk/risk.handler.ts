import { Injectable } from '@nestjs/common';
import type { EventEnvelope } from '@postventa/contracts';
import { type SqlRead, Tx } from '@postventa/persistence';
import type { CustomerProfile } from '../customers/customer-profile';
import type { NewEventsHandler } from '../ingestion/ingestion.service';
import { CustomerNews, RiskEvaluator, type RiskInputs } from './risk-evaluator.service';
import { riskSignalOf } from './risk-signals';

/**
 * Risk scoring on the ingestion path: runs inside the batch's transaction on the events the inbox
 * had not seen (what it reads, read with the batch's other reads), keeps their risk signals and
 * recomputes the customers they concern.
 */
@Injectable()
export class RiskHandler implements NewEventsHandler<RiskInputs> {
  constructor(private readonly evaluator: RiskEvaluator) {}

  /** The scores and kept signals of the customers these events bring signals for, read with the batch. */
  read(events: readonly EventEnvelope[], now: Date): SqlRead<RiskInputs> | null {
    const customers = [...new Set(events.filter((e) => e.subject && riskSignalOf(e)).map((e) => e.subject))];
    return customers.length > 0 ? this.evaluator.read(customers, now) : null;
  }

  async handle(
    db: Tx,
    events: readonly EventEnvelope[],
    _customers: ReadonlyMap<string, CustomerProfile>,
    now: Date,
    loaded?: RiskInputs,
  ): Promise<void> {
    const news = new Map<string, CustomerNews>();
    for (const event of events) {
      const signal = riskSignalOf(event);
      if (!signal || !event.subject) continue;
      const data = (event.data ?? {}) as Record<string, unknown>;
      const orderId = typeof data.order_id === 'string' ? data.order_id : undefined;
      const entry = news.get(event.subject) ?? { trigger: {}, signals: [] };
      const newest = entry.signals.every((item) => Date.parse(item.signal.at) <= Date.parse(signal.at));
      const surveyId = signal.kind === 'survey' && typeof data.survey_id === 'string' ? data.survey_id : undefined;
      entry.signals.push({ eventId: event.id, signal, ...(surveyId ? { surveyId } : {}) });
      if (newest) entry.trigger = { eventId: event.id, eventType: event.type, orderId };
      news.set(event.subject, entry);
    }
    if (news.size === 0) return;
    await this.evaluator.evaluate(db, [...news.keys()], now, news, loaded);
  }
}
