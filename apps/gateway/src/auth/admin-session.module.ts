import { Global, MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { JsonBodyMiddleware } from '../alerts/json-body.middleware';
import { AdminSessionErrorCode } from './admin-session.error';
import { AdminSessionController } from './admin-session.controller';
import { AdminSessionService } from './admin-session.service';
import { AuthLimitsModule } from './auth-limits.module';

/** Reads the sign-in form (or a JSON body); a malformed or oversized one is a coded `SESSION_INVALID_REQUEST`. */
export class AdminSessionBodyMiddleware extends JsonBodyMiddleware {
  protected override readonly invalidCode: string = AdminSessionErrorCode.InvalidRequest;
}

/**
 * Dashboard sign-in and sessions. Global, so that every admin module's AdminAuthGuard finds the
 * one AdminSessionService and accepts a session cookie as well as a Bearer key.
 */
@Global()
@Module({
  imports: [AuthLimitsModule],
  controllers: [AdminSessionController],
  providers: [AdminSessionService, AdminSessionBodyMiddleware],
  exports: [AdminSessionService],
})
export class AdminSessionModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(AdminSessionBodyMiddleware).forRoutes(AdminSessionController);
  }
}
