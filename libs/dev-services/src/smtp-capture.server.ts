import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { join } from 'node:path';
// Types only: smtp-server and mailparser load when a capture server starts, not with this library.
import type { SMTPServer, SMTPServerAddress } from 'smtp-server';
import { DevServiceError, DevServiceErrorCode } from './dev-service.error';
import { freePort } from './free-port';
import { PortBook } from './port-book';

export interface CapturedMessage {
  id: string;
  receivedAt: string;
  envelope: { from: string | null; to: string[] };
  messageId: string | null;
  from: string | null;
  to: string[];
  subject: string | null;
  text: string | null;
  html: string | null;
  headers: Record<string, string>;
}

export interface SmtpFailureRule {
  /** SMTP reply code to answer with, e.g. 451 (try later) or 550 (mailbox unavailable). */
  code: number;
  message?: string;
  /** Only for these recipients; every recipient when empty. */
  recipients?: string[];
}

export interface SmtpCaptureOptions {
  /** Where received messages are kept as .eml files (and reloaded from on restart). */
  dataDir: string;
  /** Where its two ports are kept between runs; free ports each start when not given. */
  ports?: PortBook;
  log?: (line: string) => void;
}

/**
 * A development SMTP server that accepts every message, keeps it as an .eml file, and lists the
 * parsed messages over a small HTTP API:
 *   GET /messages            parsed messages, oldest first (`?to=address` filters, `?limit=n` keeps the newest n)
 *   GET /messages/:id/raw    the message as received
 *   DELETE /messages         forget every message
 *   PUT /failure             {code, message?, recipients?} answer with an SMTP error; DELETE to stop
 */
export class SmtpCaptureServer {
  private smtp?: SMTPServer;
  private http?: Server;
  private readonly messages: CapturedMessage[] = [];
  private failure: SmtpFailureRule | null = null;
  private sequence = 0;
  smtpPort = 0;
  httpPort = 0;

  constructor(private readonly options: SmtpCaptureOptions) {}

  get smtpUrl(): string {
    return `smtp://127.0.0.1:${this.smtpPort}`;
  }

  get apiUrl(): string {
    return `http://127.0.0.1:${this.httpPort}`;
  }

  async start(): Promise<{ smtpUrl: string; apiUrl: string }> {
    mkdirSync(this.options.dataDir, { recursive: true });
    await this.reload();
    try {
      const ports = this.options.ports;
      this.smtpPort = ports ? await ports.port('smtp') : await freePort();
      this.httpPort = ports ? await ports.port('smtp-capture-api') : await freePort();
      const { SMTPServer } = await import('smtp-server');
      this.smtp = new SMTPServer({
        authOptional: true,
        disabledCommands: ['STARTTLS'],
        logger: false,
        size: 25 * 1024 * 1024,
        onRcptTo: (address, _session, callback) => callback(this.rejection(address)),
        onData: (stream, session, callback) => {
          const chunks: Buffer[] = [];
          stream.on('data', (chunk: Buffer) => chunks.push(chunk));
          stream.on('end', () => {
            this.store(Buffer.concat(chunks), session.envelope.mailFrom, session.envelope.rcptTo)
              .then((id) => callback(null, `Queued as ${id}`))
              .catch((error: Error) => callback(error));
          });
        },
      });
      await new Promise<void>((resolve, reject) => {
        this.smtp!.once('error', reject);
        this.smtp!.listen(this.smtpPort, '127.0.0.1', () => resolve());
      });
      this.http = createServer((req, res) => void this.handle(req, res));
      await new Promise<void>((resolve) => this.http!.listen(this.httpPort, '127.0.0.1', () => resolve()));
    } catch (error) {
      await this.stop();
      throw new DevServiceError(
        DevServiceErrorCode.SmtpStartFailed,
        `The local SMTP capture did not start: ${(error as Error).message}. Set SMTP_URL to use an existing server instead.`,
      );
    }
    this.options.log?.(`smtp: capture server on ${this.smtpUrl}, messages at ${this.apiUrl}/messages`);
    return { smtpUrl: this.smtpUrl, apiUrl: this.apiUrl };
  }

  async stop(): Promise<void> {
    const smtp = this.smtp;
    const http = this.http;
    this.smtp = undefined;
    this.http = undefined;
    if (smtp) await new Promise<void>((resolve) => smtp.close(() => resolve()));
    if (http) {
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    }
  }

  list(): CapturedMessage[] {
    return [...this.messages];
  }

  private rejection(address: SMTPServerAddress): Error | null | undefined {
    const rule = this.failure;
    if (!rule) return undefined;
    const recipients = rule.recipients?.map((r) => r.toLowerCase()) ?? [];
    if (recipients.length > 0 && !recipients.includes(address.address.toLowerCase())) return undefined;
    const error = new Error(rule.message ?? (rule.code >= 500 ? 'Mailbox unavailable' : 'Try again later')) as Error & {
      responseCode: number;
    };
    error.responseCode = rule.code;
    return error;
  }

  private async store(raw: Buffer, mailFrom: SMTPServerAddress | false, rcptTo: SMTPServerAddress[]): Promise<string> {
    const id = `${Date.now().toString(36)}-${(++this.sequence).toString(36).padStart(4, '0')}`;
    writeFileSync(join(this.options.dataDir, `${id}.eml`), raw);
    writeFileSync(
      join(this.options.dataDir, `${id}.envelope.json`),
      JSON.stringify({ from: mailFrom ? mailFrom.address : null, to: rcptTo.map((r) => r.address) }),
    );
    this.messages.push(
      await parse(id, raw, { from: mailFrom ? mailFrom.address : null, to: rcptTo.map((r) => r.address) }),
    );
    return id;
  }

  private async reload(): Promise<void> {
    const files = readdirSync(this.options.dataDir)
      .filter((f) => f.endsWith('.eml'))
      .sort();
    for (const file of files) {
      const id = file.slice(0, -4);
      let envelope = { from: null as string | null, to: [] as string[] };
      try {
        envelope = JSON.parse(readFileSync(join(this.options.dataDir, `${id}.envelope.json`), 'utf8'));
      } catch {
        // an envelope is a convenience; the message itself is what counts
      }
      this.messages.push(await parse(id, readFileSync(join(this.options.dataDir, file)), envelope));
    }
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://capture');
    const send = (status: number, body: unknown, type = 'application/json') => {
      res.writeHead(status, { 'content-type': type });
      res.end(type === 'application/json' ? JSON.stringify(body) : String(body));
    };
    if (req.method === 'GET' && url.pathname === '/messages') {
      const to = url.searchParams.get('to')?.toLowerCase();
      const found = to ? this.messages.filter((m) => m.envelope.to.some((t) => t.toLowerCase() === to)) : this.messages;
      const limit = Number(url.searchParams.get('limit'));
      return send(200, Number.isInteger(limit) && limit > 0 ? found.slice(-limit) : found);
    }
    const raw = url.pathname.match(/^\/messages\/([\w-]+)\/raw$/);
    if (req.method === 'GET' && raw) {
      try {
        return send(200, readFileSync(join(this.options.dataDir, `${raw[1]}.eml`)), 'message/rfc822');
      } catch {
        return send(404, { error: 'no such message' });
      }
    }
    if (req.method === 'DELETE' && url.pathname === '/messages') {
      this.messages.length = 0;
      return send(200, { deleted: true });
    }
    if (url.pathname === '/failure' && req.method === 'PUT') {
      const body = await readBody(req);
      const rule = JSON.parse(body || '{}') as SmtpFailureRule;
      if (!Number.isInteger(rule.code) || rule.code < 400 || rule.code > 599)
        return send(400, { error: 'code must be an SMTP error code (400-599)' });
      this.failure = rule;
      return send(200, rule);
    }
    if (url.pathname === '/failure' && req.method === 'DELETE') {
      this.failure = null;
      return send(200, { failure: null });
    }
    return send(404, { error: 'not found' });
  }
}

async function parse(
  id: string,
  raw: Buffer,
  envelope: { from: string | null; to: string[] },
): Promise<CapturedMessage> {
  const { simpleParser } = await import('mailparser');
  const mail = await simpleParser(raw);
  const headers: Record<string, string> = {};
  for (const line of mail.headerLines) headers[line.key] = line.line.slice(line.line.indexOf(':') + 1).trim();
  const addresses = (value: typeof mail.to): string[] =>
    (Array.isArray(value) ? value : value ? [value] : []).flatMap((a) => a.value.map((v) => v.address ?? ''));
  return {
    id,
    receivedAt: (mail.date ?? new Date()).toISOString(),
    envelope,
    messageId: mail.messageId ?? null,
    from: mail.from?.value[0]?.address ?? null,
    to: addresses(mail.to),
    subject: mail.subject ?? null,
    text: mail.text ?? null,
    html: typeof mail.html === 'string' ? mail.html : null,
    headers,
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
