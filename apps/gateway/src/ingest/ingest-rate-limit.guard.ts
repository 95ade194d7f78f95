import { ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  InjectThrottlerOptions,
  InjectThrottlerStorage,
  ThrottlerGuard,
  ThrottlerLimitDetail,
  ThrottlerModuleOptions,
  ThrottlerStorage,
} from '@nestjs/throttler';
import { AppConfig } from '@postventa/platform';
import type { Response } from 'express';
import { IngestError, IngestErrorCode } from './ingest.error';
import type { IngestRequest } from './ingest-auth.guard';

/**
 * Per-key rate limit of `POST /v1/events`: INGEST_RATE_LIMIT_PER_MINUTE requests per API key (or
 * per signing secret), counted after authentication and before the body is read. Over it: 429
 * with `Retry-After` (seconds).
 */
@Injectable()
export class IngestRateLimitGuard extends ThrottlerGuard {
  constructor(
    @InjectThrottlerOptions() options: ThrottlerModuleOptions,
    @InjectThrottlerStorage() storage: ThrottlerStorage,
    reflector: Reflector,
    private readonly config: AppConfig,
  ) {
    super(options, storage, reflector);
  }

  /** The guard's one throttler comes from the config (the shared module options are empty on purpose). */
  override async onModuleInit(): Promise<void> {
    this.throttlers = [
      { name: 'ingest-key', limit: this.config.get('INGEST_RATE_LIMIT_PER_MINUTE'), ttl: 60_000, setHeaders: false },
    ];
    this.commonOptions = {
      getTracker: (req) => this.getTracker(req),
      generateKey: (context, tracker, name) => this.generateKey(context, tracker, name),
    };
  }

  protected override async getTracker(req: Record<string, unknown>): Promise<string> {
    const principal = (req as unknown as IngestRequest).ingestPrincipal;
    // IngestAuthGuard runs first; without a principal the request never gets this far.
    return `ingest:${principal?.id ?? 'anonymous'}`;
  }

  protected override async throwThrottlingException(
    context: ExecutionContext,
    detail: ThrottlerLimitDetail,
  ): Promise<void> {
    const seconds = Math.max(1, Math.ceil(detail.timeToBlockExpire));
    context.switchToHttp().getResponse<Response>().setHeader('Retry-After', String(seconds));
    throw new IngestError(
      IngestErrorCode.RateLimited,
      `More than ${detail.limit} requests in a minute with this key (INGEST_RATE_LIMIT_PER_MINUTE); try again in ${seconds} s`,
      {
        retryAfterSeconds: seconds,
      },
    );
  }
}
