import { AddressInfo } from 'node:net';
import { SMTPServer, SMTPServerSession } from 'smtp-server';

/** One message the server took in full (end of data seen), whether or not it answered in time. */
export interface TakenMessage {
  at: number;
  recipients: string[];
  messageId: string | null;
  commandId: string | null;
}

/** Where an SMTP session was when its connection went away without a goodbye. */
export interface CutSession {
  at: number;
  /** `conversation`: connected or in MAIL/RCPT/DATA, body not complete; `awaiting-reply`: body taken, no final answer sent yet. */
  stage: 'conversation' | 'awaiting-reply';
}

type SessionState = 'conversation' | 'awaiting-reply' | 'idle';

/**
 * A test SMTP server that is slow on purpose: it takes each message in full, then waits
 * `replyDelayMs` before answering `250` to the end of data. It can answer 451 to the first
 * RCPT TO of chosen recipients (a temporary failure), leave a first RCPT TO or an end of data
 * unanswered (the client times out), and it knows which sessions were cut in the
 * middle of a conversation (a client killed while it had a message in flight) and at what stage.
 */
export class SlowSmtpServer {
  readonly taken: TakenMessage[] = [];
  readonly cut: CutSession[] = [];
  /** Recipients (lower-case) answered 451 on their first RCPT TO. */
  readonly failFirst = new Set<string>();
  /** Recipients whose first RCPT TO is never answered (the client times out before DATA). */
  readonly silentAtFirstRcpt = new Set<string>();
  /** Recipients whose message is taken in full and never answered (the client times out after the end of data). */
  readonly silentAfterData = new Set<string>();
  private readonly failedOnce = new Set<string>();
  private readonly silencedOnce = new Set<string>();
  private readonly sessions = new Map<string, SessionState>();
  private server?: SMTPServer;
  port = 0;

  constructor(private readonly replyDelayMs: number) {}

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      disableReverseLookup: true,
      logger: false,
      onConnect: (session, callback) => {
        this.sessions.set(session.id, 'conversation');
        callback();
      },
      onMailFrom: (_address, session, callback) => {
        this.sessions.set(session.id, 'conversation');
        callback();
      },
      onRcptTo: (address, session, callback) => {
        const to = address.address.toLowerCase();
        if (this.failFirst.has(to) && !this.failedOnce.has(to)) {
          this.failedOnce.add(to);
          this.sessions.set(session.id, 'idle');
          return callback(Object.assign(new Error('Try again later'), { responseCode: 451 }));
        }
        if (this.silentAtFirstRcpt.has(to) && !this.silencedOnce.has(to)) {
          this.silencedOnce.add(to);
          return; // no answer
        }
        callback();
      },
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          this.sessions.set(session.id, 'awaiting-reply');
          this.record(Buffer.concat(chunks), session);
          if (session.envelope.rcptTo.some((r) => this.silentAfterData.has(r.address.toLowerCase()))) return; // no answer
          setTimeout(() => {
            if (this.sessions.get(session.id) === 'awaiting-reply') this.sessions.set(session.id, 'idle');
            callback(null, 'Queued');
          }, this.replyDelayMs);
        });
      },
      onClose: (session) => {
        const state = this.sessions.get(session.id) ?? 'conversation'; // (cut before its greeting)
        this.sessions.delete(session.id);
        if (state === 'conversation' || state === 'awaiting-reply') this.cut.push({ at: Date.now(), stage: state });
      },
    });
    server.on('error', () => undefined);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    this.port = (server.server.address() as AddressInfo).port;
    this.server = server;
  }

  /** Messages taken for a recipient (lower-case address). */
  takenFor(recipient: string): TakenMessage[] {
    return this.taken.filter((m) => m.recipients.includes(recipient.toLowerCase()));
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((r) => server.close(() => r()));
  }

  private record(raw: Buffer, session: SMTPServerSession): void {
    const head = raw
      .toString('utf8')
      .split(/\r?\n\r?\n/)[0]
      .replace(/\r?\n[ \t]+/g, ' ');
    const header = (name: string) => new RegExp(`^${name}:\\s*(.+)$`, 'im').exec(head)?.[1].trim() ?? null;
    this.taken.push({
      at: Date.now(),
      recipients: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
      messageId: header('Message-ID'),
      commandId: header('X-Postventa-Command-Id'),
    });
  }
}
