import { Inject, Injectable } from '@nestjs/common';
import type { EventEnvelope } from '@postventa/contracts';
import {
  addIsoDuration,
  type CompiledFlow,
  type CustomerProfile as JourneyCustomer,
  type JourneyRef,
  type SendRecord,
} from '@postventa/journeys';
import {
  ActivityRepository,
  type ActivityRow,
  type OutboxMessage,
  combineReads,
  OutboxRepository,
  runRead,
  runWrites,
  type SqlRead,
  Tx,
} from '@postventa/persistence';
import type { FlowVersionHead } from '@postventa/flows';
import { LOGGER, Logger, MetricsService } from '@postventa/platform';
import type { CustomerProfile } from '../customers/customer-profile';
import { CustomerRepository } from '../customers/customer.repository';
import { FlowRegistry } from '../flows/flow-registry.service';
import type { FlowCatalog } from '../flows/flow-catalog';
import type { NewEventsHandler } from '../ingestion/ingestion.service';
import { TIMER_FIRED } from '../timers/timer-firing';
import { TimerRepository } from '../timers/timer.repository';
import { planJourneyBatch, type JourneyBatchPlan } from './journey-batch.planner';
import { type CustomerJourneys, JourneyInstanceRepository } from './journey-instance.repository';
import { activityMessage, commandMessage } from './journey-messages';
import { SendHistoryRepository } from './send-history.repository';

/** The profile as the interpreter reads it. */
export function journeyCustomer(profile: CustomerProfile): JourneyCustomer {
  const customer: JourneyCustomer = { id: profile.id, attributes: profile.attributes, tags: profile.tags };
  if (profile.email) customer.email = profile.email;
  if (profile.locale) customer.locale = profile.locale;
  if (profile.timezone) customer.timezone = profile.timezone;
  return customer;
}

/** Start of the longest frequency-cap window of these flows, or null when none has a cap. */
export function capWindowStart(flows: readonly CompiledFlow[], now: Date): Date | null {
  let longest = 0;
  for (const flow of flows) {
    const cap = flow.definition.policies.frequency_cap;
    if (cap) longest = Math.max(longest, addIsoDuration(now, cap.within).getTime() - now.getTime());
  }
  return longest > 0 ? new Date(now.getTime() - longest) : null;
}

/** What a batch reads for its journeys (see `JourneyService.read`). */
export interface JourneyReads {
  journeys: CustomerJourneys;
  heads: FlowVersionHead[];
  /** The customers' sends after `historySince`. */
  history: Map<string, SendRecord[]>;
  historySince: Date;
}

/** The sends after `since`, from sends read further back. */
function sentAfter(history: ReadonlyMap<string, SendRecord[]>, since: Date): Map<string, SendRecord[]> {
  const after = new Map<string, SendRecord[]>();
  for (const [customerId, records] of history) {
    const kept = records.filter((r) => Date.parse(r.at) > since.getTime());
    if (kept.length > 0) after.set(customerId, kept);
  }
  return after;
}

/**
 * The journeys shell. Inside the batch's transaction (after the inbox kept the new events and the
 * customers are locked and merged): with the customers' journeys, the published flows and the
 * recent sends (read in one statement with the batch's other reads, see `read`), runs the pure
 * interpreter over the events in time order, then writes journeys, timers, outbox rows (commands,
 * activity), activity rows, the send history and profile updates in one statement. Nothing leaves
 * the process here: the outbox relay publishes after commit.
 */
@Injectable()
export class JourneyService implements NewEventsHandler<JourneyReads> {
  /** The flows of the last catalog: how far back the next batch reads sends (see `read`). */
  private lastFlows: readonly CompiledFlow[] = [];
  private readonly commandsIssued;
  private readonly journeysEntered;
  private readonly failures;

  constructor(
    private readonly journeys: JourneyInstanceRepository,
    private readonly timers: TimerRepository,
    private readonly outbox: OutboxRepository,
    private readonly activity: ActivityRepository,
    private readonly sendHistory: SendHistoryRepository,
    private readonly customers: CustomerRepository,
    private readonly registry: FlowRegistry,
    metrics: MetricsService,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.commandsIssued = metrics.counter('postventa_journey_commands_total', 'Commands issued by journeys', [
      'type',
      'flow',
    ]);
    this.journeysEntered = metrics.counter('postventa_journeys_entered_total', 'Journeys started', ['flow']);
    this.failures = metrics.counter(
      'postventa_journey_failures_total',
      'Inputs a journey could not take (logged with the reason)',
      ['flow'],
    );
  }

  /**
   * The batch's reads, made in one statement with the batch's other reads once the customers are
   * locked: the customers' journeys, the flows' newest versions and the recent sends. The sends
   * are read as far back as the frequency caps of the flows seen in the previous batch reach;
   * `handle` reads again if a newly published cap reaches further.
   */
  read(events: readonly EventEnvelope[], now: Date): SqlRead<JourneyReads> {
    const customerIds = [...new Set(events.map((e) => e.subject))];
    const since = capWindowStart(this.lastFlows, now) ?? now;
    const read = combineReads({
      journeys: this.journeys.byCustomersRead(customerIds),
      heads: this.registry.headsRead(),
      history: this.sendHistory.sinceRead(customerIds, since),
    });
    return { ...read, map: (rows) => ({ ...read.map(rows), historySince: since }) };
  }

  async handle(
    db: Tx,
    events: readonly EventEnvelope[],
    customers: ReadonlyMap<string, CustomerProfile>,
    now: Date,
    loaded?: JourneyReads,
  ): Promise<void> {
    if (events.length === 0) return;
    const customerIds = [...new Set(events.map((e) => e.subject))];
    const reads = loaded ?? (await runRead(db, this.read(events, now)));
    const { open, ended } = reads.journeys;
    const catalog = await this.registry.catalog(
      db,
      reads.heads,
      open.map((j) => j.flow),
    );
    this.lastFlows = catalog.flows;
    const triggers = new Set(catalog.entryFlows.map((f) => f.trigger.event));
    const relevant = open.length > 0 || events.some((e) => triggers.has(e.type) || e.type === TIMER_FIRED);
    if (!relevant) return;

    const since = capWindowStart(catalog.flows, now);
    const history = !since
      ? new Map<string, SendRecord[]>()
      : since >= reads.historySince
        ? sentAfter(reads.history, since)
        : await runRead(db, this.sendHistory.sinceRead(customerIds, since));
    const profiles = new Map([...customers].map(([id, p]) => [id, journeyCustomer(p)]));
    const plan = planJourneyBatch({
      events,
      instances: open,
      ended,
      catalog,
      customers: profiles,
      sendHistory: history,
      now,
    });
    await this.write(db, plan, customers, catalog, now);
    this.report(plan, [...open, ...ended]);
  }

  private async write(
    db: Tx,
    plan: JourneyBatchPlan,
    customers: ReadonlyMap<string, CustomerProfile>,
    catalog: FlowCatalog,
    now: Date,
  ): Promise<void> {
    const messages: OutboxMessage[] = [];
    for (const { value: command, input_id } of plan.commands) {
      if (command.type === 'profile.update') continue;
      const result = commandMessage(command, catalog, now);
      messages.push(result.message);
      if (!result.ok) {
        this.logger.error(
          {
            customer_id: command.customer_id,
            event_id: input_id,
            journey_id: command.journey_id,
            step_id: command.step_id,
            command_id: command.command_id,
            code: result.reason.code,
            path: result.reason.path,
          },
          `command rejected by the contract, sent to the dead-letter topic: ${result.reason.message}`,
        );
      }
    }
    const activityRows: ActivityRow[] = [];
    for (const { value: record, input_id } of plan.activity) {
      try {
        const { message, row } = activityMessage(record, input_id, catalog);
        messages.push(message);
        activityRows.push(row);
      } catch (error) {
        this.logger.error(
          {
            err: error,
            customer_id: record.customer_id,
            event_id: input_id,
            journey_id: record.journey_id,
            type: record.type,
          },
          'activity record rejected by the contract; not published',
        );
      }
    }
    const updatedProfiles: CustomerProfile[] = [];
    for (const [id, changed] of plan.profiles) {
      const profile = customers.get(id);
      if (profile)
        updatedProfiles.push({
          ...profile,
          attributes: { ...(changed.attributes ?? {}) },
          tags: [...(changed.tags ?? [])],
        });
    }

    // One statement for every table (the writes read nothing another one writes, and touch
    // different rows: the planner never cancels a timer it sets in the same batch).
    await runWrites(
      db,
      [
        this.journeys.upsertWrite(plan.instances),
        this.timers.cancelWrite(plan.cancelTimers, now),
        this.timers.insertWrite(plan.timers),
        this.outbox.insertWrite(messages),
        this.activity.insertWrite(activityRows),
        this.sendHistory.insertWrite(plan.sends),
        this.customers.upsertWrite(updatedProfiles),
      ],
      messages.length > 0 ? this.outbox.notifyQuery() : undefined,
    );
  }

  private report(plan: JourneyBatchPlan, before: readonly JourneyRef[]): void {
    const known = new Set(before.map((j) => j.id));
    for (const j of plan.instances) if (!known.has(j.id)) this.journeysEntered.inc({ flow: j.flow.id });
    for (const { value: c, input_id } of plan.commands) {
      this.commandsIssued.inc({ type: c.type, flow: c.flow.id });
      this.logger.info(
        {
          customer_id: c.customer_id,
          journey_id: c.journey_id,
          flow_id: c.flow.id,
          flow_version: c.flow.version,
          step_id: c.step_id,
          command_id: c.command_id,
          event_id: input_id,
        },
        `journey issued ${c.type}`,
      );
    }
    for (const f of plan.failures) {
      this.failures.inc({ flow: f.flow_id });
      this.logger.error(
        {
          err: f.error,
          customer_id: f.customer_id,
          journey_id: f.journey_id,
          flow_id: f.flow_id,
          event_id: f.input_id,
        },
        'journey could not take an input; left as it was',
      );
    }
    for (const id of plan.unreadableTimers)
      this.logger.warn({ event_id: id }, 'timer.fired without journey_id, step_id, seq or due_at; ignored');
  }
}
