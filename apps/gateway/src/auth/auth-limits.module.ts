import { Global, Module } from '@nestjs/common';
import { ThrottlerModule } from '@nestjs/throttler';
import { AuthFailureLimiter } from './auth-failure.limiter';

/**
 * Rate limits of the authenticated routes (ingest, admin API, dashboard): the throttler storage
 * they count in and the failed-authentication limiter. Each guard names its own throttlers, so
 * the options registered here are empty. Global, so that every admin module's AdminAuthGuard
 * finds the one limiter.
 */
@Global()
@Module({
  imports: [ThrottlerModule.forRoot({ throttlers: [] })],
  providers: [AuthFailureLimiter],
  exports: [AuthFailureLimiter, ThrottlerModule],
})
export class AuthLimitsModule {}
