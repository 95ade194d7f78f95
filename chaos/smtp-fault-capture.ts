/**
 * The SMTP server of the chaos suite: accepts and records every message (Message-ID, command id,
 * recipients, time), and has fault switches: answer 451 to everyone for a while, answer 550 for
 * some recipients (always), and go away altogether (the port refuses connections and open
 * connections are cut) and come back on the same port.
 */
import { createServer, Server, Socket } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { freePort } from '@postventa/dev-services';

export interface ReceivedEmail {
  receivedAt: number;
  messageId: string | null;
  commandId: string | null;
  recipients: string[];
  subject: string | null;
}

export class SmtpFaultCapture {
  readonly received: ReceivedEmail[] = [];
  /** Recipients refused for good with 550 (lower-case). */
  readonly bounce = new Set<string>();
  tempFail = false;
  rejectedTemp = 0;
  rejectedBounce = 0;
  private smtp?: SMTPServer;
  private front?: Server;
  private readonly sockets = new Set<Socket>();
  private innerPort = 0;
  port = 0;

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    this.innerPort = await freePort();
    this.port = await freePort();
    this.smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      size: 25 * 1024 * 1024,
      onMailFrom: (_address, _session, callback) => callback(this.tempFail ? this.temporary() : undefined),
      onRcptTo: (address, _session, callback) => {
        if (this.tempFail) return callback(this.temporary());
        if (this.bounce.has(address.address.toLowerCase())) {
          this.rejectedBounce += 1;
          return callback(Object.assign(new Error('Mailbox unavailable'), { responseCode: 550 }));
        }
        callback();
      },
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          this.record(
            Buffer.concat(chunks),
            session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
          );
          callback(null, 'Queued');
        });
      },
    });
    await new Promise<void>((resolve, reject) => {
      this.smtp!.once('error', reject);
      this.smtp!.listen(this.innerPort, '127.0.0.1', () => resolve());
    });
    await this.up();
  }

  /** Accepts connections on the public port again (the same port as before). */
  async up(): Promise<void> {
    if (this.front) return;
    const front = createServer((client) => {
      const upstream = new Socket();
      upstream.connect(this.innerPort, '127.0.0.1');
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => undefined);
      }
      client.pipe(upstream).pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    await new Promise<void>((resolve, reject) => {
      front.once('error', reject);
      front.listen(this.port || 0, '127.0.0.1', () => resolve());
    });
    const address = front.address();
    this.port = typeof address === 'object' && address ? address.port : this.port;
    this.front = front;
  }

  /** The server goes away: the port refuses connections and every open one is cut. */
  async down(): Promise<void> {
    const front = this.front;
    this.front = undefined;
    const closed = front ? new Promise<void>((r) => front.close(() => r())) : Promise.resolve();
    for (const socket of this.sockets) socket.destroy();
    await closed;
  }

  async stop(): Promise<void> {
    await this.down();
    const smtp = this.smtp;
    this.smtp = undefined;
    if (smtp) await new Promise<void>((r) => smtp.close(() => r()));
  }

  private temporary(): Error {
    this.rejectedTemp += 1;
    return Object.assign(new Error('Try again later'), { responseCode: 451 });
  }

  private record(raw: Buffer, recipients: string[]): void {
    const headers = parseHeaders(raw);
    this.received.push({
      receivedAt: Date.now(),
      messageId: headers.get('message-id') ?? null,
      commandId: headers.get('x-postventa-command-id') ?? null,
      recipients,
      subject: headers.get('subject') ?? null,
    });
  }
}

/** The header block of a message, unfolded, by lower-case name (first occurrence). */
export function parseHeaders(raw: Buffer): Map<string, string> {
  const text = raw.toString('utf8');
  const end = text.search(/\r?\n\r?\n/);
  const block = (end === -1 ? text : text.slice(0, end)).replace(/\r?\n[ \t]+/g, ' ');
  const headers = new Map<string, string>();
  for (const line of block.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    if (!headers.has(name)) headers.set(name, line.slice(colon + 1).trim());
  }
  return headers;
}
