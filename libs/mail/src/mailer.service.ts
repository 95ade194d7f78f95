import { Inject, Injectable, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { AppConfig, HealthRegistry, LOGGER, Logger } from '@postventa/platform';
import { Socket } from 'node:net';
import { createTransport, SentMessageInfo, Transporter } from 'nodemailer';
import type SMTPPool from 'nodemailer/lib/smtp-pool';
import { ConversationSlots } from './conversation-slots';
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
 * A free SMTP conversation, held until its email is handed over and answered. `send` hands the
 * email to a pooled connection at once (releasing the conversation when SMTP has answered);
 * `release` gives it back unused.
 */
export interface SmtpConversation {
  send(email: OutgoingEmail): Promise<SmtpAccepted>;
  release(): void;
}

/**
 * The one door to SMTP: a pooled nodemailer transport built from SMTP_URL (SMTP_POOL_SIZE
 * connections), with connection and per-send timeouts and a rate limit (SMTP_RATE_LIMIT per
 * second). At most SMTP_POOL_SIZE emails are handed to the transport at once, so an email handed
 * over is in an SMTP conversation, not waiting in nodemailer's queue: a caller that records
 * "handed to SMTP" right before `send` records only what SMTP may really have.
 */
@Injectable()
export class MailerService implements OnModuleInit, OnApplicationShutdown {
  private readonly transport: Transporter<SentMessageInfo>;
  private readonly limiter: RateLimiter;
  private readonly slots: ConversationSlots;
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
      maxConnections: config.get('SMTP_POOL_SIZE'),
      connectionTimeout: config.get('SMTP_CONNECTION_TIMEOUT_MS'),
      greetingTimeout: config.get('SMTP_CONNECTION_TIMEOUT_MS'),
      socketTimeout: config.get('SMTP_SEND_TIMEOUT_MS'),
      // Nagle's algorithm on a reused pooled connection holds each command for the peer's delayed
      // ACK (~40 ms per email). SMTP is request/response: send each line at once. (With smtps the
      // TLS socket is built by nodemailer itself; STARTTLS wraps this plain socket.)
      ...(url.protocol === 'smtp:' ? { getSocket: noDelaySocket } : {}),
    };
    // (Pool size and timeouts go in the options: `transport.set()` only stores metadata.)
    this.transport = createTransport(pool, { from: this.from });
    this.slots = new ConversationSlots(config.get('SMTP_POOL_SIZE'));
    this.limiter = new RateLimiter(config.get('SMTP_RATE_LIMIT'));
  }

  onModuleInit(): void {
    this.health.register({ name: 'smtp', check: async () => void (await this.transport.verify()) });
  }

  /** Waits for a slot under SMTP_RATE_LIMIT; call right before `send`. */
  throttle(): Promise<void> {
    return this.limiter.acquire();
  }

  /**
   * Waits for a free SMTP conversation (one of SMTP_POOL_SIZE, shared by every sender of this
   * process). The caller must `send` or `release` it.
   */
  async conversation(): Promise<SmtpConversation> {
    const release = await this.slots.acquire();
    return {
      send: (email) => this.transmit(email).finally(release),
      release,
    };
  }

  /** Resolves when the server accepted the message; rejects with nodemailer's error otherwise. */
  async send(email: OutgoingEmail): Promise<SmtpAccepted> {
    return (await this.conversation()).send(email);
  }

  private async transmit(email: OutgoingEmail): Promise<SmtpAccepted> {
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
