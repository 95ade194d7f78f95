import { Inject, Injectable, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { AppConfig, HealthRegistry, LOGGER, Logger } from '@postventa/platform';
import { connect, Socket } from 'node:net';
import { Readable, Transform, TransformCallback } from 'node:stream';
import { createTransport, SendMailOptions, SentMessageInfo, Transporter } from 'nodemailer';
import type MailMessage from 'nodemailer/lib/mailer/mail-message';
import SMTPPool from 'nodemailer/lib/smtp-pool';
import { ConversationSlots } from './conversation-slots';
import { PreparedHeader } from './mail-headers';
import { RateLimiter } from './rate-limiter';
import { markBodySent } from './smtp-outcome';
import { preferredTextEncoding } from './text-encoding';

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
    // Settings of SMTP_URL's query win over the options below in nodemailer: these are ours.
    for (const key of ['pool', 'maxConnections', 'connectionTimeout', 'greetingTimeout', 'socketTimeout'])
      url.searchParams.delete(key);
    this.from = config.get('MAIL_FROM');
    const options: SMTPPool.Options = {
      url: url.toString(),
      pool: true,
      maxConnections: config.get('SMTP_POOL_SIZE'),
      connectionTimeout: config.get('SMTP_CONNECTION_TIMEOUT_MS'),
      greetingTimeout: config.get('SMTP_CONNECTION_TIMEOUT_MS'),
      socketTimeout: config.get('SMTP_SEND_TIMEOUT_MS'),
      // Nagle's algorithm on a reused pooled connection holds each command for the peer's delayed
      // ACK (~40 ms per email). SMTP is request/response: send each line at once. (With smtps the
      // TLS socket is built by nodemailer itself; STARTTLS wraps this plain connection.)
      ...(url.protocol === 'smtp:' ? { getSocket: noDelaySocket } : {}),
    };
    // The pool is built here, not by createTransport: given a `url`, createTransport keeps only
    // what the URL says and drops every other option (pool size, timeouts, getSocket).
    this.transport = createTransport(new SMTPPool(options), { from: this.from });
    this.transport.use('stream', wholeWatchedBody);
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

  /**
   * One email to the pool. The body is watched: when the server stops answering after the whole
   * message went out (nodemailer reports that as `CONN` like any lost connection), the error is
   * marked so that the classification says `unknown`, not `transient` (see classifySmtpError).
   */
  private async transmit(email: OutgoingEmail): Promise<SmtpAccepted> {
    const watch: BodyWatch = { bodySent: false };
    const options: SendMailOptions & { [BODY_WATCH]: BodyWatch } = {
      from: email.from ?? this.from,
      to: email.to,
      subject: email.subject,
      html: email.html,
      text: email.text,
      messageId: email.messageId,
      headers: email.headers,
      textEncoding: preferredTextEncoding(email.subject, email.html, email.text),
      [BODY_WATCH]: watch,
    };
    let info: { messageId?: string; response?: string };
    try {
      info = (await this.transport.sendMail(options)) as typeof info;
    } catch (error) {
      throw watch.bodySent ? markBodySent(error) : error;
    }
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

/** Set once the whole message has been read by the SMTP connection (its end of data follows at once). */
interface BodyWatch {
  bodySent: boolean;
}

/** The send option that carries a BodyWatch through nodemailer to the `stream` plugin. */
const BODY_WATCH = 'postventaBodyWatch';

/**
 * The message as one chunk: nodemailer streams a message part by part (headers, each MIME part,
 * each encoded line block), and the SMTP connection writes every chunk it reads to the socket as
 * it comes. Gathered first, the body goes out in one write instead of about ten, each a system
 * call here and a packet and a wake-up for the server. The copy costs the message's size in memory
 * for the send's duration: templated emails without attachments, a few kilobytes each.
 */
class WholeMessage extends Transform {
  private readonly chunks: Buffer[] = [];
  private bytes = 0;

  override _transform(chunk: Buffer | string, _encoding: BufferEncoding, done: TransformCallback): void {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    this.chunks.push(buffer);
    this.bytes += buffer.length;
    done();
  }

  override _flush(done: TransformCallback): void {
    this.push(Buffer.concat(this.chunks, this.bytes));
    done();
  }
}

/**
 * nodemailer `stream` plugin, the last stage of every message's stream: the message goes out in
 * one chunk (WholeMessage), and the send's BodyWatch notes when the connection has read all of it.
 * (A message refused before DATA is drained elsewhere, but then the server's answer decides the
 * classification.)
 */
function wholeWatchedBody(mail: MailMessage, done: (err?: Error | null) => void): void {
  const watch = (mail.data as { [BODY_WATCH]?: BodyWatch })[BODY_WATCH];
  mail.message.processFunc((input: Readable) => {
    const output = new WholeMessage();
    input.on('error', (error) => output.emit('error', error));
    if (watch) output.once('end', () => (watch.bodySent = true));
    return input.pipe(output);
  });
  done();
}

/**
 * nodemailer's `getSocket`: a TCP connection to the server with TCP_NODELAY, opened here because the
 * pool only uses a socket it is handed already connected (`connection`), within the connection timeout.
 */
function noDelaySocket(
  options: SMTPPool.Options,
  callback: (error: Error | null, socketOptions?: { connection: Socket }) => void,
): void {
  const socket = connect({ host: options.host ?? 'localhost', port: Number(options.port) || 587, noDelay: true });
  const fail = (error: Error) => {
    socket.destroy();
    callback(error);
  };
  const onTimeout = () => fail(Object.assign(new Error('Connection timeout'), { code: 'ETIMEDOUT' }));
  socket.setTimeout(options.connectionTimeout ?? 10_000, onTimeout);
  socket.once('error', fail);
  socket.once('connect', () => {
    socket.setTimeout(0);
    socket.removeListener('timeout', onTimeout);
    socket.removeListener('error', fail);
    callback(null, { connection: socket });
  });
}
