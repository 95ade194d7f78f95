import { Inject, Injectable, Optional } from '@nestjs/common';
import { EventEnvelope, parseEventMessage } from '@postventa/contracts';
import { DeadLetterPublisher, DeadLetterReason, IncomingBatch, IncomingMessage } from '@postventa/messaging';
import { AppConfig, Clock, LOGGER, Logger, MetricsService } from '@postventa/platform';
import { combineReads, runRead, type SqlRead, TransactionRunner, Tx } from '@postventa/persistence';
import { CustomerProfile, mergeCustomerProfile } from '../customers/customer-profile';
import { CustomerRepository } from '../customers/customer.repository';
import { InboxEntry, InboxRepository } from './inbox.repository';

/** Work that runs, inside the batch's transaction, on the events the inbox had not seen. */
export interface NewEventsHandler<Loaded = unknown> {
  /**
   * What the handler reads for these events: read with the other handlers' reads in one
   * statement, once the customers are locked. `handle` gets the result.
   */
  read?(events: readonly EventEnvelope[], now: Date): SqlRead<Loaded> | null;
  handle(
    db: Tx,
    events: readonly EventEnvelope[],
    customers: ReadonlyMap<string, CustomerProfile>,
    now: Date,
    loaded?: Loaded,
  ): Promise<void>;
}
export const NEW_EVENTS_HANDLERS = Symbol('NEW_EVENTS_HANDLERS');

export interface BatchOutcome {
  accepted: number;
  duplicates: number;
  deadLettered: number;
}

/**
 * Takes a batch of raw Kafka messages: bad ones go to the dead-letter topic with the reason; the
 * good ones are, in one transaction, recorded in the inbox (new ids only), folded into customer
 * profiles, and handed to the journeys and the risk model (what they read, read in one statement).
 * Offsets are committed by the runner after this returns.
 * Batches of several partitions may be here at once: each takes its customers' advisory locks
 * first (InboxRepository.lockAndInsertNew), so one customer's events are handled one batch at a time.
 */
@Injectable()
export class IngestionService {
  private readonly counter;

  constructor(
    private readonly transactions: TransactionRunner,
    private readonly inbox: InboxRepository,
    private readonly customers: CustomerRepository,
    private readonly deadLetterPublisher: DeadLetterPublisher,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    metrics: MetricsService,
    @Inject(LOGGER) private readonly logger: Logger,
    @Optional() @Inject(NEW_EVENTS_HANDLERS) private readonly handlers: NewEventsHandler[] = [],
  ) {
    this.counter = metrics.counter('postventa_ingested_events_total', 'Events taken from Kafka by outcome', [
      'outcome',
    ]);
  }

  async handleBatch(batch: IncomingBatch): Promise<BatchOutcome> {
    const now = this.clock.now();
    const deadLetters: Array<{ message: IncomingMessage; reason: DeadLetterReason }> = [];
    const entries = new Map<string, InboxEntry>();
    for (const message of batch.messages) {
      const parsed = parseEventMessage(message, { maxBytes: this.config.get('MAX_EVENT_BYTES') });
      if (!parsed.ok) {
        deadLetters.push({ message, reason: parsed.error });
        this.logger.warn(
          {
            topic: message.topic,
            partition: message.partition,
            offset: message.offset,
            key: message.key?.toString('utf8').slice(0, 200),
            code: parsed.error.code,
            path: parsed.error.path,
          },
          `event dead-lettered: ${parsed.error.message}`,
        );
        continue;
      }
      // The same id twice in one batch: the first one counts.
      if (!entries.has(parsed.event.id))
        entries.set(parsed.event.id, {
          event: parsed.event,
          topic: message.topic,
          partition: message.partition,
          offset: message.offset,
        });
    }

    // Dead letters are durable before the offsets move past them.
    await this.deadLetterPublisher.publish(deadLetters, now);

    const accepted = await this.transactions.run(async (db) => {
      // The customers locked, then recorded as processed in this transaction: if anything below
      // fails, none of it is.
      const fresh = await this.inbox.lockAndInsertNew(db, [...entries.values()], now);
      const events = [...entries.values()].map((e) => e.event).filter((e) => fresh.has(e.id));
      if (events.length === 0) return 0;
      const byCustomer = groupBy(events, (e) => e.subject);
      // The customers' rows are locked, and read, in a statement of their own: a statement reads
      // the snapshot of its start, and a flow stop holding a row lock may change journeys meanwhile.
      const existing = await this.customers.loadForUpdate(db, [...byCustomer.keys()]);
      // Everything the handlers read, in one round trip.
      const reads: Record<string, SqlRead<unknown>> = {};
      this.handlers.forEach((handler, i) => {
        const read = handler.read?.(events, now);
        if (read) reads[i] = read;
      });
      const loaded = Object.keys(reads).length > 0 ? await runRead(db, combineReads(reads)) : {};
      const profiles = new Map<string, CustomerProfile>();
      const changed: CustomerProfile[] = [];
      for (const [customerId, customerEvents] of byCustomer) {
        // Postventa's own timer firings are not something the customer did: they do not touch the profile.
        const fromCustomer = customerEvents.filter((e) => !e.type.startsWith('timer.'));
        const current = existing.get(customerId) ?? null;
        if (fromCustomer.length === 0) {
          if (current) profiles.set(customerId, current);
          continue;
        }
        const merged = mergeCustomerProfile(current, customerId, fromCustomer);
        profiles.set(customerId, merged);
        changed.push(merged);
      }
      await this.customers.upsertMany(db, changed);
      for (const [i, handler] of this.handlers.entries()) await handler.handle(db, events, profiles, now, loaded[i]);
      return events.length;
    });

    const outcome = { accepted, duplicates: entries.size - accepted, deadLettered: deadLetters.length };
    this.counter.inc({ outcome: 'accepted' }, outcome.accepted);
    this.counter.inc({ outcome: 'duplicate' }, outcome.duplicates);
    this.counter.inc({ outcome: 'dead_lettered' }, outcome.deadLettered);
    this.logger.debug({ topic: batch.topic, partition: batch.partition, ...outcome }, 'batch ingested');
    return outcome;
  }
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = groups.get(k);
    if (list) list.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}
