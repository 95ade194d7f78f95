import { Module } from '@nestjs/common';
import { AdminAuthGuard } from '../alerts/admin-auth.guard';
import { AuthLimitsModule } from '../auth/auth-limits.module';
import { KpisController } from './kpis.controller';
import { KpisRepository } from './kpis.repository';
import { KpisService } from './kpis.service';

/** `GET /v1/kpis` behind the admin keys (Bearer) or a dashboard session. */
@Module({
  imports: [AuthLimitsModule],
  controllers: [KpisController],
  providers: [AdminAuthGuard, KpisRepository, KpisService],
})
export class KpisModule {}
