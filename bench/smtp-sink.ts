/**
 * The SMTP sink the benchmark measures against: accepts every message as fast as smtp-server
 * can, keeps nothing but a count and, per recipient, when its first message was accepted (the
 * end of the latency measurement). No parsing, no files: the sink must not be the bottleneck.
 */
import { AddressInfo, Server, Socket } from 'node:net';
import { SMTPServer } from 'smtp-server';

const MESSAGE_ID = /^Message-ID:\s*(<[^>\r\n]+>)/im;

export class BenchSmtpSink {
  accepted = 0;
  /** Recipient -> epoch ms of the first accepted message to it. */
  readonly firstAcceptedAt = new Map<string, number>();
  /**
   * Message-ID -> how many times a message with it was accepted (the dispatcher's Message-ID is
   * stable per command: a journey's step visit). Read from the message's first chunk only.
   */
  readonly messageIds = new Map<string, number>();
  private server?: SMTPServer;
  private port = 0;

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  async start(): Promise<string> {
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      disableReverseLookup: true,
      // nodemailer's pool sends many messages per connection; keep them all open
      maxClients: 1000,
      onData: (stream, session, callback) => {
        let head = true;
        stream.on('data', (chunk: Buffer) => {
          if (!head) return;
          head = false;
          const id = MESSAGE_ID.exec(chunk.toString('latin1', 0, Math.min(chunk.length, 8192)))?.[1];
          if (id) this.messageIds.set(id, (this.messageIds.get(id) ?? 0) + 1);
        });
        stream.on('end', () => {
          const now = Date.now();
          this.accepted += 1;
          for (const r of session.envelope.rcptTo)
            if (!this.firstAcceptedAt.has(r.address)) this.firstAcceptedAt.set(r.address, now);
          callback(null, 'Queued');
        });
      },
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    this.server = server;
    const net = (server as unknown as { server: Server }).server;
    // Answer each SMTP command at once: with Nagle on, a pipelined reply waits for a delayed ACK.
    net.on('connection', (socket: Socket) => socket.setNoDelay(true));
    this.port = (net.address() as AddressInfo).port;
    return this.url;
  }

  reset(): void {
    this.accepted = 0;
    this.firstAcceptedAt.clear();
    this.messageIds.clear();
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
