import { Inject, Injectable, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { AppConfig, HealthRegistry, LOGGER, Logger } from '@postventa/platform';
import { Socket } from 'node:net';
import { createTransport, SentMessageInfo, Transporter } from 'nodemailer';
import type SMTPPool from 'nodemailer/lib/smtp-pool';
import { PreparedHeader } from './mail-headers';
import { RateLimiter } from './rate-limiter';

/** One email as the dispatcher hands it to SMTP. */
export interface OutgoingEmail {
  to: string;
  subject: string;
  html: string;
  text: string;
  /** `<id@domain>`: stable per command. */
  messageId: string;
  headers: Record<string, string | PreparedHeader>;
  from?: string;
}

export interface SmtpAccepted {
  messageId: string;
  /** The server's answer, e.g. `250 Queued as 1a2b`. */
  response: string;
}

/**
 * The one door to SMTP: a pooled nodemailer transport built from SMTP_URL, with connection and
 * per-send timeouts and a rate limit (SMTP_RATE_LIMIT per second).
 */
@Injectable()
export class MailerService implements OnModuleInit, OnApplicationShutdown {
  private readonly transport: Transporter<SentMessageInfo>;
  private readonly limiter: RateLimiter;
  readonly from: string;

  constructor(
    config: AppConfig,
    private readonly health: HealthRegistry,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    const url = new URL(config.require('SMTP_URL'));
    url.searchParams.set('pool', 'true');
    this.from = config.get('MAIL_FROM');
    const pool: SMTPPool.Options = {
      url: url.toString(),
      pool: true,
      // Nagle's algorithm on a reused pooled connection holds each command for the peer's delayed
      // ACK (~40 ms per email). SMTP is request/response: send each line at once. (With smtps the
      // TLS socket is built by nodemailer itself; STARTTLS wraps this plain socket.)
      ...(url.protocol === 'smtp:' ? { getSocket: noDelaySocket } : {}),
    };
    this.transport = createTransport(pool, { from: this.from });
    this.transport.set('maxConnections', config.get('SMTP_POOL_SIZE'));
    this.transport.set('connectionTimeout', config.get('SMTP_CONNECTION_TIMEOUT_MS'));
    this.transport.set('greetingTimeout', config.get('SMTP_CONNECTION_TIMEOUT_MS'));
    this.transport.set('socketTimeout', config.get('SMTP_SEND_TIMEOUT_MS'));
    this.limiter = new RateLimiter(config.get('SMTP_RATE_LIMIT'));
  }

  onModuleInit(): void {
    this.health.register({ name: 'smtp', check: async () => void (await this.transport.verify()) });
  }

  /** Waits for a slot under SMTP_RATE_LIMIT; call right before `send`. */
  throttle(): Promise<void> {
    return this.limiter.acquire();
  }

  /** Resolves when the server accepted the message; rejects with nodemailer's error otherwise. */
  async send(email: OutgoingEmail): Promise<SmtpAccepted> {
    const info = (await this.transport.sendMail({
      from: email.from ?? this.from,
      to: email.to,
      subject: email.subject,
      html: email.html,
      text: email.text,
      messageId: email.messageId,
      headers: email.headers,
    })) as { messageId?: string; response?: string };
    return { messageId: info.messageId ?? email.messageId, response: String(info.response ?? '') };
  }

  onApplicationShutdown(): void {
    this.close();
  }

  close(): void {
    this.transport.close();
    this.logger.debug('smtp pool closed');
  }
}

/** nodemailer's `getSocket`: an unconnected TCP socket with TCP_NODELAY, which nodemailer connects. */
function noDelaySocket(_options: unknown, callback: (error: Error | null, socketOptions?: { socket: Socket }) => void): void {
  callback(null, { socket: new Socket().setNoDelay(true) });
}
