import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { AlertError, AlertErrorCode } from '@postventa/alerts';
import { AppConfig } from '@postventa/platform';
import type { Request } from 'express';
import { createHash, timingSafeEqual } from 'node:crypto';

/** Admin API authentication: `Authorization: Bearer <key>` with a key from ADMIN_API_KEYS. */
@Injectable()
export class AdminAuthGuard implements CanActivate {
  private readonly keys: readonly string[];

  constructor(config: AppConfig) {
    this.keys = config.get('ADMIN_API_KEYS');
  }

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<Request>();
    if (this.keys.length === 0) throw new AlertError(AlertErrorCode.Unauthorized, 'The admin API is disabled: set ADMIN_API_KEYS');
    const presented = this.presentedKey(request);
    if (presented === undefined) throw new AlertError(AlertErrorCode.Unauthorized, 'Missing credentials: send "Authorization: Bearer <admin API key>"');
    if (!this.keys.some((key) => sameSecret(key, presented))) throw new AlertError(AlertErrorCode.Unauthorized, 'The admin API key is not valid');
    return true;
  }

  /** The key the request presents: `Authorization: Bearer <key>`. */
  protected presentedKey(request: Request): string | undefined {
    return /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '')?.[1];
  }
}

/** Compares digests, so neither the content nor the length of a key leaks through timing. */
function sameSecret(a: string, b: string): boolean {
  const da = createHash('sha256').update(a).digest();
  const db = createHash('sha256').update(b).digest();
  return timingSafeEqual(da, db) && a.length === b.length;
}
