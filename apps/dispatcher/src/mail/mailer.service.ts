import { Inject, Injectable, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { AppConfig, HealthRegistry, LOGGER, Logger } from '@postventa/platform';
import { createTransport, SendMailOptions, SentMessageInfo, Transporter } from 'nodemailer';

/** The one door to SMTP: a pooled nodemailer transport built from SMTP_URL. */
@Injectable()
export class MailerService implements OnModuleInit, OnApplicationShutdown {
  private readonly transport: Transporter<SentMessageInfo>;

  constructor(
    config: AppConfig,
    private readonly health: HealthRegistry,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    const url = new URL(config.require('SMTP_URL'));
    url.searchParams.set('pool', 'true');
    this.transport = createTransport(url.toString(), { from: config.get('MAIL_FROM') });
    this.transport.set('connectionTimeout', 10_000);
    this.transport.set('greetingTimeout', 10_000);
    this.transport.set('socketTimeout', 30_000);
  }

  onModuleInit(): void {
    this.health.register({ name: 'smtp', check: async () => void (await this.transport.verify()) });
  }

  send(message: SendMailOptions): Promise<SentMessageInfo> {
    return this.transport.sendMail(message);
  }

  onApplicationShutdown(): void {
    this.transport.close();
    this.logger.debug('smtp pool closed');
  }
}
