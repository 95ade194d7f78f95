import { ExecutionContext, Injectable } from '@nestjs/common';
import { AlertError } from '@postventa/alerts';
import { AppConfig } from '@postventa/platform';
import type { Request, Response } from 'express';
import { AdminAuthGuard } from '../alerts/admin-auth.guard';
import { AuthFailureLimiter } from '../auth/auth-failure.limiter';

export const DASHBOARD_CHALLENGE = 'Basic realm="Postventa"';

/** The password of `Authorization: Basic base64(user:password)`; undefined for any other scheme. */
export function basicPassword(header: string | undefined): string | undefined {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? '');
  if (!match) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? undefined : decoded.slice(colon + 1);
}

/**
 * The admin keys for the dashboard, which a browser opens: HTTP Basic (any user name, an
 * ADMIN_API_KEYS key as the password) as well as `Authorization: Bearer <key>`. The key check
 * itself (constant time) is AdminAuthGuard's. A refusal carries `WWW-Authenticate: Basic realm="Postventa"` so the browser asks for it.
 */
@Injectable()
export class DashboardAuthGuard extends AdminAuthGuard {
  constructor(config: AppConfig, limiter: AuthFailureLimiter) {
    super(config, limiter);
  }

  protected override presentedKey(request: Request): string | undefined {
    return basicPassword(request.headers.authorization) ?? super.presentedKey(request);
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const http = context.switchToHttp();
    try {
      return await super.canActivate(context);
    } catch (error) {
      if (error instanceof AlertError) http.getResponse<Response>().setHeader('WWW-Authenticate', DASHBOARD_CHALLENGE);
      throw error;
    }
  }
}
