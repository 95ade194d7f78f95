import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig, IntervalPoller, LOGGER, Logger } from '@postventa/platform';
import { EmailDeliveryService } from './email-delivery.service';

const CLAIM_LIMIT = 50;

/**
 * Every DELIVERY_POLL_INTERVAL_MS, resends the deliveries whose retry time came (claimed with
 * FOR UPDATE SKIP LOCKED, so several dispatchers share the work), so a failing email never holds
 * up its Kafka partition. One run at a time; a full claim runs again at once.
 */
@Injectable()
export class DeliveryRetryPoller implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly poller: IntervalPoller;

  constructor(delivery: EmailDeliveryService, config: AppConfig, @Inject(LOGGER) logger: Logger) {
    this.poller = new IntervalPoller(
      'delivery retry',
      config.get('DELIVERY_POLL_INTERVAL_MS'),
      async () => (await delivery.runDueWork(CLAIM_LIMIT)) >= CLAIM_LIMIT,
      logger,
      { failureNote: 'trying again later' },
    );
  }

  onApplicationBootstrap(): void {
    this.poller.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.poller.stop();
  }
}
