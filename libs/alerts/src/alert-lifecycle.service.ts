import { Inject, Injectable } from '@nestjs/common';
import type { AlertSeverity, FlowRef } from '@postventa/contracts';
import { AppConfig, LOGGER, Logger } from '@postventa/platform';
import { createHash } from 'node:crypto';
import { Tx } from '@postventa/persistence';
import { alertActivityEvent } from './alert-activity';
import { AlertActivityWriter } from './alert-activity.writer';
import { AlertNotificationRepository, QueuedNotification } from './alert-notification.repository';
import { canonicalReason } from './alert-reasons';
import { AlertAction, transition } from './alert-state-machine';
import { AlertError, AlertErrorCode } from './alert.error';
import { AlertRepository } from './alert.repository';
import type { AlertEventRecord, AlertReasonItem, AlertRecord, AlertSource, AlertTimelineEntry } from './alert.types';
import { AssignmentRepository } from './assignment.repository';
import { CustomerTimelineRepository } from './customer-timeline.repository';
import { roundRobinMember } from './teams-config';
import { TeamsDirectory } from './teams.directory';

export interface RaiseAlertInput {
  customerId: string;
  /** Stored under its canonical name (`detractor_score` → `detractor`). */
  reason: string;
  severity: AlertSeverity;
  source: AlertSource;
  /** Who raised it, for the history: `risk`, `flow:<flow id>/<step id>`. */
  actor: string;
  /** Applying the same key twice changes nothing (a redelivered command, a replayed event). */
  dedupeKey?: string;
  /**
   * At most one alert is ever raised under this key (e.g. one per survey, however often its answer
   * changes): while that alert is unresolved a new signal updates it; once resolved, nothing
   * happens. Used instead of `dedupeKey` (it is stored in its place).
   */
  oncePerKey?: string;
  /** Team name the flow asked for. */
  route?: string;
  /** Explicit owner (email or name of a team member); otherwise round-robin within the team. */
  owner?: string;
  note?: string;
  reasons: AlertReasonItem[];
  riskScore?: number;
  /** When the signal behind it happened. */
  signalAt: string;
  commandId?: string;
  journeyId?: string;
  flow?: FlowRef;
  stepId?: string;
  moment?: string;
  orderId?: string;
  data?: Record<string, unknown>;
}

export interface RaiseOutcome {
  outcome: 'raised' | 'updated' | 'duplicate';
  alert: AlertRecord;
}

export const TIMELINE_KINDS_IN_ALERTS = new Set(['event', 'activity', 'message', 'survey']);

/**
 * Everything that changes an alert, run inside the caller's transaction: raise (or update the
 * open alert of the same customer and reason), acknowledge, assign, resolve, auto-resolve and
 * escalate. Each change writes its history entry, its activity event (outbox) and the
 * notifications it causes, in that same transaction.
 */
@Injectable()
export class AlertLifecycleService {
  private readonly timelineSize: number;

  constructor(
    private readonly alerts: AlertRepository,
    private readonly notifications: AlertNotificationRepository,
    private readonly assignments: AssignmentRepository,
    private readonly timelines: CustomerTimelineRepository,
    private readonly activity: AlertActivityWriter,
    private readonly teams: TeamsDirectory,
    config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.timelineSize = config.get('ALERT_TIMELINE_SIZE');
  }

  async raise(db: Tx, input: RaiseAlertInput, now: Date): Promise<RaiseOutcome> {
    const reason = canonicalReason(input.reason);
    await this.alerts.lockCustomer(db, input.customerId);
    if (input.dedupeKey) {
      const seen = await this.alerts.alertIdForDedupeKey(db, input.dedupeKey);
      const alert = seen ? await this.alerts.findById(db, seen) : null;
      if (alert) return { outcome: 'duplicate', alert };
    }
    let open: AlertRecord | null = null;
    if (input.oncePerKey) {
      const seen = await this.alerts.alertIdForDedupeKey(db, input.oncePerKey);
      const alert = seen ? await this.alerts.findForUpdate(db, seen) : null;
      if (alert && alert.state === 'resolved') return { outcome: 'duplicate', alert };
      open = alert;
    }
    const timeline = await this.timeline(db, input.customerId);
    open ??= await this.alerts.findOpenForUpdate(db, input.customerId, reason);
    if (open) {
      const updated = await this.apply(
        db,
        open,
        {
          type: 'signal',
          severity: input.severity,
          at: input.signalAt,
          reasons: input.reasons,
          timeline,
          riskScore: input.riskScore,
          actor: input.actor,
        },
        now,
        input.dedupeKey,
      );
      this.logger.info(
        { alertId: open.id, customerId: input.customerId, reason, signals: updated.signalCount },
        'alert updated by a new signal',
      );
      return { outcome: 'updated', alert: updated };
    }

    const team = this.teams.route({ route: input.route, reason, severity: input.severity });
    if (input.route && input.route !== team.name)
      this.logger.warn({ route: input.route, team: team.name }, 'alert route names no team; routed by reason');
    const owner = input.owner
      ? (this.teams.person(input.owner)?.email ?? input.owner)
      : roundRobinMember(team.members, await this.assignments.nextPosition(db, team.name)).email;
    const at = now.toISOString();
    const alert: AlertRecord = {
      id: alertId(input, reason, at),
      customerId: input.customerId,
      reason,
      source: input.source,
      severity: input.severity,
      state: 'open',
      resolution: null,
      reasons: input.reasons.length > 0 ? input.reasons : [{ code: reason }],
      timeline,
      riskScore: input.riskScore ?? null,
      team: team.name,
      owner,
      signalCount: 1,
      firstSignalAt: input.signalAt,
      lastSignalAt: input.signalAt,
      raisedAt: at,
      slaDueAt: new Date(now.getTime() + this.teams.slaMs(team)).toISOString(),
      acknowledgedAt: null,
      acknowledgedBy: null,
      resolvedAt: null,
      resolvedBy: null,
      resolutionNote: null,
      escalatedAt: null,
      commandId: input.commandId ?? null,
      journeyId: input.journeyId ?? null,
      flowId: input.flow?.id ?? null,
      flowVersion: input.flow?.version ?? null,
      stepId: input.stepId ?? null,
      moment: input.moment ?? null,
      orderId: input.orderId ?? null,
      note: input.note ?? null,
      data: input.data ?? {},
    };
    if (!(await this.alerts.insert(db, alert))) {
      // Unreachable while callers hold the customer lock; the unique index is the last guard.
      throw new AlertError(
        AlertErrorCode.InvalidTransition,
        `An open ${reason} alert for customer ${input.customerId} exists already`,
      );
    }
    const entry = await this.alerts.insertEvent(db, {
      alertId: alert.id,
      type: 'raised',
      actor: input.actor,
      note: input.note,
      data: { team: team.name, owner, severity: alert.severity, assigned: input.owner ? 'explicit' : 'round_robin' },
      dedupeKey: input.dedupeKey ?? input.oncePerKey,
      at: now,
    });
    await this.publish(db, alert, entry);
    await this.notifications.queue(db, this.deliveriesFor(alert, 'raised', owner), now);
    this.logger.info(
      { alertId: alert.id, customerId: alert.customerId, reason, severity: alert.severity, team: team.name },
      'alert raised',
    );
    return { outcome: 'raised', alert };
  }

  async acknowledge(db: Tx, id: string, actor: string, now: Date, note?: string): Promise<AlertRecord> {
    return this.act(db, id, { type: 'acknowledge', actor: this.who(actor), note }, now);
  }

  async assign(db: Tx, id: string, owner: string, actor: string, now: Date, note?: string): Promise<AlertRecord> {
    const updated = await this.act(
      db,
      id,
      { type: 'assign', owner: this.who(owner), actor: this.who(actor), note },
      now,
    );
    await this.notifications.queue(db, this.deliveriesFor(updated, 'assigned', updated.owner, false), now);
    return updated;
  }

  async resolve(db: Tx, id: string, actor: string, now: Date, note?: string): Promise<AlertRecord> {
    return this.act(db, id, { type: 'resolve', actor: this.who(actor), note }, now);
  }

  /**
   * Reopens a resolved alert (it was closed too early). Refused (409) while another alert for the
   * same customer and reason is unresolved: that one carries the case now.
   */
  async reopen(db: Tx, id: string, actor: string, now: Date, note?: string): Promise<AlertRecord> {
    const current = await this.alerts.findById(db, id);
    if (!current) throw new AlertError(AlertErrorCode.NotFound, `No alert with id ${id}`, { id });
    // The customer's lock first, as raising does, then the row.
    await this.alerts.lockCustomer(db, current.customerId);
    const alert = (await this.alerts.findForUpdate(db, id)) ?? current;
    if (alert.state === 'resolved') {
      const open = await this.alerts.findOpenForUpdate(db, alert.customerId, alert.reason);
      if (open)
        throw new AlertError(
          AlertErrorCode.InvalidTransition,
          `Alert ${id} cannot be reopened: alert ${open.id} for the same customer and reason is ${open.state}`,
          { state: alert.state, action: 'reopen', open_alert: open.id },
        );
    }
    return this.apply(db, alert, { type: 'reopen', actor: this.who(actor), note }, now);
  }

  /** Adds a comment to an alert's history (any state); the alert itself does not change. */
  async comment(db: Tx, id: string, author: string, body: string, now: Date): Promise<AlertEventRecord> {
    const alert = await this.alerts.findForUpdate(db, id);
    if (!alert) throw new AlertError(AlertErrorCode.NotFound, `No alert with id ${id}`, { id });
    return this.alerts.insertEvent(db, {
      alertId: id,
      type: 'commented',
      actor: this.who(author),
      note: body,
      at: now,
    });
  }

  /** Resolves the customer's unresolved alert for the reason, if any, because they recovered. */
  async autoResolve(
    db: Tx,
    customerId: string,
    reason: string,
    cause: string,
    now: Date,
    note?: string,
  ): Promise<AlertRecord | null> {
    await this.alerts.lockCustomer(db, customerId);
    const open = await this.alerts.findOpenForUpdate(db, customerId, canonicalReason(reason));
    if (!open) return null;
    const resolved = await this.apply(db, open, { type: 'auto_resolve', cause, note }, now);
    this.logger.info({ alertId: open.id, customerId, reason, cause }, 'alert auto-resolved');
    return resolved;
  }

  /** Escalates a locked, overdue alert to its team's escalation contact (and webhook), once. */
  async escalate(db: Tx, alert: AlertRecord, now: Date): Promise<AlertRecord> {
    const team = this.teams.find(alert.team);
    const contact = team?.escalation;
    const result = transition(alert, { type: 'escalate' }, now, this.timelineSize);
    if (!result) return alert;
    const updated = await this.alerts.update(db, alert.id, result.patch, now);
    const entry = await this.alerts.insertEvent(db, {
      alertId: alert.id,
      ...result.event,
      data: { ...result.event.data, ...(contact ? { escalated_to: contact.email } : {}) },
      at: now,
    });
    await this.publish(db, updated, entry);
    const deliveries: QueuedNotification[] = [];
    if (contact)
      deliveries.push({ alertId: alert.id, purpose: 'escalated', channel: 'email', recipient: contact.email });
    if (team?.webhook_url)
      deliveries.push({ alertId: alert.id, purpose: 'escalated', channel: 'webhook', recipient: team.webhook_url });
    await this.notifications.queue(db, deliveries, now);
    if (!contact)
      this.logger.warn(
        { alertId: alert.id, team: alert.team },
        'alert escalated but its team has no escalation contact',
      );
    this.logger.info({ alertId: alert.id, customerId: alert.customerId, team: alert.team }, 'alert escalated');
    return updated;
  }

  private async act(db: Tx, id: string, action: AlertAction, now: Date): Promise<AlertRecord> {
    const alert = await this.alerts.findForUpdate(db, id);
    if (!alert) throw new AlertError(AlertErrorCode.NotFound, `No alert with id ${id}`, { id });
    return this.apply(db, alert, action, now);
  }

  private async apply(
    db: Tx,
    alert: AlertRecord,
    action: AlertAction,
    now: Date,
    dedupeKey?: string,
  ): Promise<AlertRecord> {
    const result = transition(alert, action, now, this.timelineSize);
    if (!result) return alert;
    const updated = await this.alerts.update(db, alert.id, result.patch, now);
    const entry = await this.alerts.insertEvent(db, { alertId: alert.id, ...result.event, dedupeKey, at: now });
    await this.publish(db, updated, entry);
    return updated;
  }

  private async publish(db: Tx, alert: AlertRecord, entry: AlertEventRecord): Promise<void> {
    const event = alertActivityEvent(alert, entry);
    if (event) await this.activity.write(db, [event], () => ({ outcome: entry.type }));
  }

  private async timeline(db: Tx, customerId: string): Promise<AlertTimelineEntry[]> {
    const items = await this.timelines.recent(db, customerId, this.timelineSize * 2);
    return items
      .filter((item) => TIMELINE_KINDS_IN_ALERTS.has(item.kind))
      .slice(0, this.timelineSize)
      .reverse()
      .map((item) => ({ at: item.at, kind: item.type, summary: item.summary }));
  }

  /** Email to the person (when we know an address for them) and the team's webhook. */
  private deliveriesFor(
    alert: AlertRecord,
    purpose: QueuedNotification['purpose'],
    person: string | null,
    webhook = true,
  ): QueuedNotification[] {
    const out: QueuedNotification[] = [];
    const email = person
      ? (this.teams.person(person)?.email ?? (person.includes('@') ? person : undefined))
      : undefined;
    if (email) out.push({ alertId: alert.id, purpose, channel: 'email', recipient: email });
    const url = this.teams.find(alert.team)?.webhook_url;
    if (webhook && url) out.push({ alertId: alert.id, purpose, channel: 'webhook', recipient: url });
    return out;
  }

  /** A person named by email or name, as their email when they are a known team member. */
  private who(person: string): string {
    return this.teams.person(person)?.email ?? person.trim();
  }
}

function alertId(input: RaiseAlertInput, reason: string, at: string): string {
  const seed = input.commandId
    ? `cmd:${input.commandId}`
    : `${input.source}:${input.customerId}:${reason}:${input.dedupeKey ?? at}`;
  return `al_${createHash('sha256').update(seed).digest('hex').slice(0, 24)}`;
}
