import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig, IntervalPoller, LOGGER, Logger } from '@postventa/platform';
import { AlertDeliveryService } from './alert-delivery.service';
import { AlertEscalationService } from './alert-escalation.service';

/** The dispatcher's alert loops: deliver due notifications, escalate overdue alerts. */
@Injectable()
export class AlertPollers implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly pollers: IntervalPoller[];

  constructor(
    delivery: AlertDeliveryService,
    escalation: AlertEscalationService,
    config: AppConfig,
    @Inject(LOGGER) logger: Logger,
  ) {
    const interval = config.get('ALERT_POLL_INTERVAL_MS');
    this.pollers = [
      new IntervalPoller('alert escalation', interval, async () => void (await escalation.escalateOverdue()), logger),
      new IntervalPoller(
        'alert delivery',
        interval,
        async () => {
          // Drain what is due, a batch at a time.
          while ((await delivery.deliverDue()) > 0);
        },
        logger,
      ),
    ];
  }

  onApplicationBootstrap(): void {
    for (const poller of this.pollers) poller.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.pollers.map((poller) => poller.stop()));
  }
}
