import { CanActivate, ExecutionContext, Injectable, Optional } from '@nestjs/common';
import { AlertError, AlertErrorCode } from '@postventa/alerts';
import { AppConfig, bearerToken, matchesAnyKey } from '@postventa/platform';
import type { Request, Response } from 'express';
import { AdminSessionService } from '../auth/admin-session.service';
import { AuthFailureLimiter } from '../auth/auth-failure.limiter';

/**
 * Admin API authentication: `Authorization: Bearer <key>` with a key from ADMIN_API_KEYS, or else
 * a dashboard session cookie (with `X-CSRF-Token` on unsafe methods; see AdminSessionService). Failed
 * attempts count per client address; past AUTH_FAILURE_LIMIT the address gets 429 with Retry-After.
 */
@Injectable()
export class AdminAuthGuard implements CanActivate {
  private readonly keys: readonly string[];

  constructor(
    config: AppConfig,
    private readonly limiter: AuthFailureLimiter,
    @Optional() private readonly sessions?: AdminSessionService,
  ) {
    this.keys = config.get('ADMIN_API_KEYS');
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const http = context.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    this.limiter.assertAllowed('admin', request, response);
    // A session refusal (401 / 403 CSRF) is not counted: a signed cookie cannot be guessed.
    if (this.sessions && this.presentedKey(request) === undefined && this.sessions.hasSession(request))
      return !!this.sessions.authenticate(request);
    try {
      this.check(request);
    } catch (error) {
      if (error instanceof AlertError) await this.limiter.recordFailure('admin', request, response);
      throw error;
    }
    return true;
  }

  private check(request: Request): void {
    if (this.keys.length === 0)
      throw new AlertError(AlertErrorCode.Unauthorized, 'The admin API is disabled: set ADMIN_API_KEYS');
    const presented = this.presentedKey(request);
    if (presented === undefined)
      throw new AlertError(
        AlertErrorCode.Unauthorized,
        'Missing credentials: send "Authorization: Bearer <admin API key>"',
      );
    if (!matchesAnyKey(presented, this.keys))
      throw new AlertError(AlertErrorCode.Unauthorized, 'The admin API key is not valid');
  }

  /** The key the request presents: `Authorization: Bearer <key>`. */
  protected presentedKey(request: Request): string | undefined {
    return bearerToken(request.headers.authorization);
  }
}
