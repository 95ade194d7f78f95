import { backoffDelayMs, sleep } from '@postventa/platform';

/** A demo step that cannot go on, with what to do about it. */
export class DemoError extends Error {}

/**
 * Spaces the requests to the public link routes (`/s`, `/u`, `/o`, `/c`, alert acknowledge) so
 * that they stay under the gateway's per-address limit (LINK_RATE_LIMIT per
 * LINK_RATE_WINDOW_SECONDS): a token bucket refilled evenly over the window.
 */
export class LinkPacer {
  private tokens: number;
  private last: number;
  private readonly perMs: number;
  /** A small burst: with it, a window never sees more than limit × 1.1 requests. */
  private readonly burst: number;
  /** Requests made, and how many the gateway refused with 429 anyway. */
  used = 0;
  refused = 0;

  constructor(
    readonly limit: number,
    windowSeconds: number,
    private readonly now: () => number = Date.now,
  ) {
    this.perMs = limit / (windowSeconds * 1000);
    this.burst = Math.max(1, Math.floor(limit * 0.1));
    this.tokens = this.burst;
    this.last = this.now();
  }

  private refill(): void {
    const now = this.now();
    this.tokens = Math.min(this.burst, this.tokens + (now - this.last) * this.perMs);
    this.last = now;
  }

  /** Takes a request slot if one is free now. */
  tryTake(): boolean {
    this.refill();
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    this.used++;
    return true;
  }

  /** Waits for a request slot. */
  async take(signal?: AbortSignal): Promise<void> {
    while (!this.tryTake()) {
      if (signal?.aborted) throw new DemoError('stopped');
      await sleep(Math.ceil((1 - this.tokens) / this.perMs) + 5, signal);
    }
  }

  /** The gateway said 429 all the same (another client shares the address): slow down. */
  penalize(retryAfterSeconds: number): void {
    this.refused++;
    this.tokens = -retryAfterSeconds * 1000 * this.perMs;
    this.last = this.now();
  }
}

export interface IngestResult {
  accepted: number;
  rejected: Array<{ id: string; code: string; message: string }>;
}

/** The gateway, as the demo's store, customers and support leads use it: over HTTP only. */
export class DemoGatewayClient {
  constructor(
    readonly baseUrl: string,
    private readonly ingestKey: string,
    private readonly adminKey: string | undefined,
    readonly links: LinkPacer,
  ) {}

  get hasAdmin(): boolean {
    return this.adminKey !== undefined;
  }

  /** Fails with what to do when no gateway answers. */
  async checkRunning(): Promise<void> {
    let status: number;
    try {
      status = (await fetch(`${this.baseUrl}/health`, { signal: AbortSignal.timeout(5000) })).status;
    } catch {
      throw new DemoError(
        `no Postventa gateway answers at ${this.baseUrl}. Start Postventa first (\`npm start\` in another terminal) ` +
          'and run the demo again, or point it at your gateway with --gateway <url>.',
      );
    }
    if (status !== 200)
      throw new DemoError(`the gateway at ${this.baseUrl} is not healthy yet (/health answered ${status}); try again`);
  }

  /**
   * `POST /v1/events` with the ingest key, one batch; a 429 or 503 (or a batch the broker did not
   * take) is retried with backoff, so a busy stack slows the demo down instead of losing events.
   */
  async postEvents(events: ReadonlyArray<{ id: string }>): Promise<IngestResult> {
    let pending = events;
    const result: IngestResult = { accepted: 0, rejected: [] };
    for (let attempt = 1; pending.length > 0; attempt++) {
      let response: Response;
      try {
        response = await fetch(`${this.baseUrl}/v1/events`, {
          method: 'POST',
          headers: { authorization: `Bearer ${this.ingestKey}`, 'content-type': 'application/json' },
          body: JSON.stringify(pending),
        });
      } catch (error) {
        // A lost connection (a restarting gateway, a closed keep-alive socket): the events have ids,
        // so sending them again duplicates nothing.
        if (attempt >= 10)
          throw new DemoError(`the gateway at ${this.baseUrl} cannot be reached: ${describeFetchError(error)}`);
        await sleep(backoffDelayMs({ initialMs: 250, maxMs: 5000 }, attempt));
        continue;
      }
      const body = (await response.json().catch(() => ({}))) as {
        results?: Array<{ index: number; status: string; error?: { code: string; message: string } }>;
        error?: { code?: string; message?: string };
      };
      if (response.status === 401 || response.status === 403 || body.error?.code === 'INGEST_NOT_CONFIGURED')
        throw new DemoError(
          `the gateway refused the demo's events (${response.status}: ${body.error?.message ?? 'unauthorized'}). ` +
            'The demo posts to POST /v1/events with an ingest key: start Postventa with INGEST_API_KEYS set and give the ' +
            'demo the same key (INGEST_API_KEYS in its environment, or --api-key).',
        );
      if (!body.results) {
        if ((response.status === 429 || response.status >= 500) && attempt < 10) {
          await sleep(retryAfterMs(response, attempt));
          continue;
        }
        throw new DemoError(
          `the gateway answered ${response.status} to a batch of events: ${body.error?.code ?? ''} ${body.error?.message ?? ''}`,
        );
      }
      const retry: Array<{ id: string }> = [];
      for (const r of body.results) {
        if (r.status === 'accepted') result.accepted++;
        else if (r.status === 'failed' && attempt < 10) retry.push(pending[r.index]);
        else
          result.rejected.push({
            id: pending[r.index].id,
            code: r.error?.code ?? r.status,
            message: r.error?.message ?? '',
          });
      }
      pending = retry;
      if (pending.length > 0) await sleep(retryAfterMs(response, attempt));
    }
    return result;
  }

  /**
   * A customer's (or support lead's) request to a public link route, paced under the link rate
   * limit. `form` makes it a form POST. Redirects are not followed: a click leads to the shop.
   */
  async link(url: string, form?: Record<string, string>, signal?: AbortSignal): Promise<number> {
    for (let attempt = 1; ; attempt++) {
      await this.links.take(signal);
      const response = await fetch(url, {
        method: form ? 'POST' : 'GET',
        redirect: 'manual',
        headers: form
          ? { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-user': '?1' }
          : { 'user-agent': 'Mozilla/5.0 (postventa demo)' },
        body: form ? new URLSearchParams(form).toString() : undefined,
      });
      await response.arrayBuffer();
      if (response.status !== 429 || attempt >= 5) return response.status;
      this.links.penalize(Number(response.headers.get('retry-after')) || 5);
    }
  }

  /** The admin API (`Authorization: Bearer <ADMIN_API_KEYS key>`); null when no admin key was given. */
  async admin<T>(method: 'GET' | 'POST', path: string, body?: object): Promise<T | null> {
    if (!this.adminKey) return null;
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${this.adminKey}`,
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    if (response.status === 401)
      throw new DemoError(
        `the admin API refused the admin key (${this.baseUrl}${path}): check ADMIN_API_KEYS / --admin-key`,
      );
    if (!response.ok) return null;
    return (await response.json()) as T;
  }
}

/** `fetch failed` with its cause (ECONNREFUSED, other side closed...). */
export function describeFetchError(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return [(error as Error).message, cause?.code ?? cause?.message].filter(Boolean).join(': ');
}

function retryAfterMs(response: Response, attempt: number): number {
  const seconds = Number(response.headers.get('retry-after'));
  return seconds > 0 ? seconds * 1000 : backoffDelayMs({ initialMs: 250, maxMs: 5000 }, attempt);
}
