import { ExecutionContext, Injectable, OnApplicationShutdown, Optional } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  InjectThrottlerOptions,
  InjectThrottlerStorage,
  ThrottlerGuard,
  ThrottlerLimitDetail,
  ThrottlerModuleOptions,
  ThrottlerOptions,
  ThrottlerStorage,
  ThrottlerStorageService,
} from '@nestjs/throttler';
import { AppConfig } from '@postventa/platform';
import type { Response } from 'express';
import { LinkError, LinkErrorCode } from './links.error';

/** The throttler of the public link routes: LINK_RATE_LIMIT requests per client address per LINK_RATE_WINDOW_SECONDS. */
export function linkThrottler(config: AppConfig): ThrottlerOptions {
  return {
    name: 'links',
    limit: config.get('LINK_RATE_LIMIT'),
    ttl: config.get('LINK_RATE_WINDOW_SECONDS') * 1000,
    setHeaders: false,
  };
}

/**
 * Rate limit of the public link routes (`/s`, `/u`, `/o`, `/c` and the alert acknowledge link),
 * per client address (`req.ip`, which follows GATEWAY_TRUST_PROXY) and route. Over the limit:
 * 429 with `Retry-After` (seconds). Always applies the links throttler only, whatever other
 * throttlers the gateway registers for its other routes.
 */
@Injectable()
export class LinkRateLimitGuard extends ThrottlerGuard implements OnApplicationShutdown {
  private readonly ownStorage?: ThrottlerStorageService;

  constructor(
    @Optional() @InjectThrottlerOptions() options: ThrottlerModuleOptions | undefined,
    @Optional() @InjectThrottlerStorage() storage: ThrottlerStorage | undefined,
    reflector: Reflector,
    private readonly config: AppConfig,
  ) {
    // An app that composes the acknowledge link without the LinksModule gets a storage of its own.
    const ownStorage = storage ? undefined : new ThrottlerStorageService();
    super(options ?? { throttlers: [] }, storage ?? ownStorage!, reflector);
    this.ownStorage = ownStorage;
  }

  onApplicationShutdown(): void {
    this.ownStorage?.onApplicationShutdown();
  }

  /** Only the links throttler, from the config, whatever options the module around it registered. */
  override async onModuleInit(): Promise<void> {
    this.throttlers = [linkThrottler(this.config)];
    this.commonOptions = {
      getTracker: (req) => this.getTracker(req),
      generateKey: (context, tracker, name) => this.generateKey(context, tracker, name),
    };
  }

  protected override async throwThrottlingException(
    context: ExecutionContext,
    detail: ThrottlerLimitDetail,
  ): Promise<void> {
    context
      .switchToHttp()
      .getResponse<Response>()
      .setHeader('Retry-After', String(Math.max(1, Math.ceil(detail.timeToBlockExpire))));
    throw new LinkError(LinkErrorCode.RateLimited, 'Too many requests from this address; try again later');
  }
}
