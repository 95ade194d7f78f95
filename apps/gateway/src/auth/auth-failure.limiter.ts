import { Injectable } from '@nestjs/common';
import { DEFAULT_IPV6_SUBNET_PREFIX, InjectThrottlerStorage, normalizeIp, ThrottlerStorage } from '@nestjs/throttler';
import { AppConfig } from '@postventa/platform';
import type { Request, Response } from 'express';
import { AuthLimitError, AuthLimitErrorCode } from './auth-limit.error';

/** Credential families counted apart: an ingest client with a stale key does not lock out an admin behind the same address. */
export type AuthScope = 'ingest' | 'admin';

const THROTTLER_NAME = 'auth-failures';
/** Refused addresses kept before expired ones are swept out (each is otherwise removed on its next request). */
const PRUNE_AT = 10_000;

/**
 * Failed authentications per client address (`req.ip`, which follows GATEWAY_TRUST_PROXY): at most
 * AUTH_FAILURE_LIMIT per AUTH_FAILURE_WINDOW_SECONDS. An address over it gets 429 with
 * `Retry-After` for every request to those routes, right keys included (otherwise the 429 would
 * not slow down guessing), until the window has passed. Counting is the throttler storage's.
 */
@Injectable()
export class AuthFailureLimiter {
  private readonly limit: number;
  private readonly windowMs: number;
  /** Addresses over the limit → when they may try again (epoch ms). */
  private readonly blockedUntil = new Map<string, number>();

  constructor(
    @InjectThrottlerStorage() private readonly storage: ThrottlerStorage,
    config: AppConfig,
  ) {
    this.limit = config.get('AUTH_FAILURE_LIMIT');
    this.windowMs = config.get('AUTH_FAILURE_WINDOW_SECONDS') * 1000;
  }

  /** Throws 429 (and sets Retry-After) while the request's address is refused; call before checking credentials. */
  assertAllowed(scope: AuthScope, req: Request, res: Response): void {
    const key = this.key(scope, req);
    const until = this.blockedUntil.get(key);
    if (until === undefined) return;
    const now = Date.now();
    if (until <= now) return void this.blockedUntil.delete(key);
    throw this.refusal(res, until - now);
  }

  /** Counts a failed authentication; throws 429 instead of the caller's 401 once the address is over the limit. */
  async recordFailure(scope: AuthScope, req: Request, res: Response): Promise<void> {
    const key = this.key(scope, req);
    const { totalHits } = await this.storage.increment(key, this.windowMs, this.limit, 0, THROTTLER_NAME);
    if (totalHits <= this.limit) return;
    const now = Date.now();
    if (this.blockedUntil.size >= PRUNE_AT)
      for (const [k, t] of this.blockedUntil) if (t <= now) this.blockedUntil.delete(k);
    this.blockedUntil.set(key, now + this.windowMs);
    throw this.refusal(res, this.windowMs);
  }

  private key(scope: AuthScope, req: Request): string {
    // IPv6 clients are counted by subnet (one host usually holds a whole /64).
    const address = req.ip ?? req.socket.remoteAddress ?? 'unknown';
    return `${THROTTLER_NAME}:${scope}:${normalizeIp(address, DEFAULT_IPV6_SUBNET_PREFIX)}`;
  }

  private refusal(res: Response, waitMs: number): AuthLimitError {
    const seconds = Math.max(1, Math.ceil(waitMs / 1000));
    res.setHeader('Retry-After', String(seconds));
    return new AuthLimitError(
      AuthLimitErrorCode.TooManyFailures,
      `Too many failed authentications from this address; try again in ${seconds} s`,
      {
        retryAfterSeconds: seconds,
      },
    );
  }
}
