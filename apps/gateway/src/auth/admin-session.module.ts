import { Global, Module } from '@nestjs/common';
import { ApiRequestsModule } from '../openapi/api-requests.module';
import { AdminSessionController } from './admin-session.controller';
import { AdminSessionService } from './admin-session.service';
import { AuthLimitsModule } from './auth-limits.module';

/**
 * Dashboard sign-in and sessions. Global, so that every admin module's AdminAuthGuard finds the
 * one AdminSessionService and accepts a session cookie as well as a Bearer key.
 */
@Global()
@Module({
  imports: [ApiRequestsModule, AuthLimitsModule],
  controllers: [AdminSessionController],
  providers: [AdminSessionService],
  exports: [AdminSessionService],
})
export class AdminSessionModule {}
