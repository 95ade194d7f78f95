import { Inject, Injectable } from '@nestjs/common';
import { AlertLifecycleService, RaiseOutcome } from '@postventa/alerts';
import type { AlertRaiseCommand } from '@postventa/contracts';
import { Clock, LOGGER, Logger } from '@postventa/platform';
import { TransactionRunner } from '@postventa/persistence';

/** The dispatcher's entry point for alerts raised by a flow's `alert` step. */
@Injectable()
export class AlertsService {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly lifecycle: AlertLifecycleService,
    private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /**
   * Raises the alert an `alert.raise` command asks for, or updates the open alert of the same
   * customer and reason. The same command twice (Kafka redelivery) changes nothing. The email and
   * webhook go out from the delivery poller once this transaction commits.
   */
  async raiseFromCommand(command: AlertRaiseCommand): Promise<RaiseOutcome> {
    const now = this.clock.now();
    const detail =
      typeof command.note === 'string'
        ? command.note
        : typeof command.data.detail === 'string'
          ? command.data.detail
          : undefined;
    const score = typeof command.data.risk_score === 'number' ? Math.round(command.data.risk_score) : undefined;
    const outcome = await this.transactions.run((db) =>
      this.lifecycle.raise(
        db,
        {
          customerId: command.customer_id,
          reason: command.reason,
          severity: command.severity,
          source: 'flow',
          actor: `flow:${command.flow.id}/${command.step_id}`,
          dedupeKey: `command:${command.command_id}`,
          route: command.route,
          owner: command.owner,
          note: command.note,
          reasons: [{ code: command.reason, ...(detail ? { detail } : {}) }],
          riskScore: score !== undefined && score >= 0 && score <= 100 ? score : undefined,
          signalAt: command.issued_at,
          commandId: command.command_id,
          journeyId: command.journey_id,
          flow: command.flow,
          stepId: command.step_id,
          moment: command.moment,
          orderId: command.order_id,
          data: command.data,
        },
        now,
      ),
    );
    this.logger.debug(
      { commandId: command.command_id, alertId: outcome.alert.id, outcome: outcome.outcome },
      'alert.raise command applied',
    );
    return outcome;
  }
}
