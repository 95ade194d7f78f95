import { createServer, IncomingHttpHeaders, Server } from 'node:http';

export interface ReceivedWebhook {
  path: string;
  headers: IncomingHttpHeaders;
  /** The exact bytes received, as text: what a signature covers. */
  raw: string;
  body: Record<string, unknown>;
  /** The status this receiver answered with. */
  status: number;
}

/** A local HTTP server that records every POST, and can answer 500 to the first N of a path. */
export class WebhookReceiver {
  readonly received: ReceivedWebhook[] = [];
  private readonly failures = new Map<string, number>();
  private server?: Server;
  url = '';

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const path = req.url ?? '/';
        const left = this.failures.get(path) ?? 0;
        const status = left > 0 ? 500 : 200;
        if (left > 0) this.failures.set(path, left - 1);
        let body: Record<string, unknown> = {};
        try {
          body = JSON.parse(raw) as Record<string, unknown>;
        } catch {
          body = {};
        }
        this.received.push({ path, headers: req.headers, raw, body, status });
        res.writeHead(status, { 'content-type': 'text/plain' }).end(status === 200 ? 'ok' : 'boom');
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', () => resolve()));
    const address = this.server.address();
    this.url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    return this.url;
  }

  /** Answers 500 to the next `count` requests to `path`. */
  failNext(path: string, count: number): void {
    this.failures.set(path, count);
  }

  /** Polls until `count` requests matching `match` arrived, or `timeoutMs` passes. */
  async waitFor(match: (hook: ReceivedWebhook) => boolean, count = 1, timeoutMs = 20_000): Promise<ReceivedWebhook[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.received.filter(match);
      if (found.length >= count || Date.now() > deadline) return found;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
