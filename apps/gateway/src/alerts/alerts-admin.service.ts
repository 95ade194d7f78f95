import { Injectable } from '@nestjs/common';
import {
  AlertError,
  AlertErrorCode,
  AlertFilter,
  AlertLifecycleService,
  AlertNotificationRepository,
  type AlertRecord,
  AlertRepository,
  CustomerRiskRepository,
  CustomerTimelineRepository,
} from '@postventa/alerts';
import { Clock } from '@postventa/platform';
import { TransactionRunner, Tx } from '@postventa/persistence';
import { alertEventJson, alertJson, commentJson, notificationJson } from './alert-json';
import type { AlertCommentJson, AlertDetailJson, AlertJson, AlertListJson } from './alerts-api.schemas';
import type { CustomerRiskJson, CustomerTimelineJson } from './customer-insights.schemas';

/** What the admin API does with alerts and customers; each change is one transaction. */
@Injectable()
export class AlertsAdminService {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly alerts: AlertRepository,
    private readonly notifications: AlertNotificationRepository,
    private readonly lifecycle: AlertLifecycleService,
    private readonly timelines: CustomerTimelineRepository,
    private readonly risks: CustomerRiskRepository,
    private readonly clock: Clock,
  ) {}

  async list(filter: AlertFilter): Promise<AlertListJson> {
    const alerts = await this.alerts.list(this.transactions.db, filter);
    return { alerts: alerts.map(alertJson), limit: filter.limit, offset: filter.offset };
  }

  async get(id: string): Promise<AlertDetailJson> {
    const db = this.transactions.db;
    const alert = await this.alerts.findById(db, id);
    if (!alert) throw notFound(id);
    const [history, notifications] = [await this.alerts.events(db, id), await this.notifications.ofAlert(db, id)];
    return {
      ...alertJson(alert),
      history: history.map(alertEventJson),
      notifications: notifications.map(notificationJson),
      comments: history.filter((event) => event.type === 'commented').map(commentJson),
    };
  }

  acknowledge(id: string, actor: string, note?: string): Promise<AlertJson> {
    return this.change((db, now) => this.lifecycle.acknowledge(db, id, actor, now, note));
  }

  assign(id: string, owner: string, actor: string, note?: string): Promise<AlertJson> {
    return this.change((db, now) => this.lifecycle.assign(db, id, owner, actor, now, note));
  }

  resolve(id: string, actor: string, note?: string): Promise<AlertJson> {
    return this.change((db, now) => this.lifecycle.resolve(db, id, actor, now, note));
  }

  reopen(id: string, actor: string, note?: string): Promise<AlertJson> {
    return this.change((db, now) => this.lifecycle.reopen(db, id, actor, now, note));
  }

  async comment(id: string, author: string, body: string): Promise<AlertCommentJson> {
    const event = await this.transactions.run((db) => this.lifecycle.comment(db, id, author, body, this.clock.now()));
    return commentJson(event);
  }

  async timeline(customerId: string, limit: number): Promise<CustomerTimelineJson> {
    const db = this.transactions.db;
    const items = await this.timelines.recent(db, customerId, limit);
    if (items.length === 0 && !(await this.customerExists(customerId))) throw customerNotFound(customerId);
    return { customer_id: customerId, items };
  }

  async risk(customerId: string): Promise<CustomerRiskJson> {
    const risk = await this.risks.find(this.transactions.db, customerId);
    if (!risk) {
      if (!(await this.customerExists(customerId))) throw customerNotFound(customerId);
      return { customer_id: customerId, score: 0, level: 'low', reasons: [], next_review_at: null, computed_at: null };
    }
    const open = await this.alerts.list(this.transactions.db, { customerId, limit: 100, offset: 0 });
    return {
      customer_id: customerId,
      score: risk.score,
      level: risk.level,
      reasons: risk.reasons,
      next_review_at: risk.nextReviewAt ?? null,
      computed_at: risk.computedAt,
      open_alerts: open
        .filter((alert) => alert.state !== 'resolved')
        .map((alert) => ({ id: alert.id, reason: alert.reason, state: alert.state, severity: alert.severity })),
    };
  }

  private async change(apply: (db: Tx, now: Date) => Promise<AlertRecord>): Promise<AlertJson> {
    const alert = await this.transactions.run((db) => apply(db, this.clock.now()));
    return alertJson(alert);
  }

  private async customerExists(customerId: string): Promise<boolean> {
    const rows: unknown[] = await this.transactions.db.query(`SELECT 1 FROM customers WHERE id = $1`, [customerId]);
    return rows.length > 0;
  }
}

const notFound = (id: string) => new AlertError(AlertErrorCode.NotFound, `No alert with id ${id}`, { id });
const customerNotFound = (id: string) =>
  new AlertError(AlertErrorCode.CustomerNotFound, `No customer with id ${id}`, { id });
