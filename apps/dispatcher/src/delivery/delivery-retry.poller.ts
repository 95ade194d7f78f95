import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig, LOGGER, Logger } from '@postventa/platform';
import { EmailDeliveryService } from './email-delivery.service';

const CLAIM_LIMIT = 50;

/**
 * Every DELIVERY_POLL_INTERVAL_MS, resends the deliveries whose retry time came (claimed with
 * FOR UPDATE SKIP LOCKED, so several dispatchers share the work), so a failing email never holds
 * up its Kafka partition. One run at a time; a full claim runs again at once.
 */
@Injectable()
export class DeliveryRetryPoller implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = false;

  constructor(
    private readonly delivery: EmailDeliveryService,
    private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    this.schedule();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  private schedule(delayMs = this.config.get('DELIVERY_POLL_INTERVAL_MS')): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.tick().finally(() => (this.running = undefined));
    }, delayMs);
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    let full = false;
    try {
      full = (await this.delivery.runDueWork(CLAIM_LIMIT)) >= CLAIM_LIMIT;
    } catch (error) {
      this.logger.warn({ err: error }, 'delivery retry poll failed; trying again later');
    }
    this.schedule(full ? 0 : undefined);
  }
}
