import { Module } from '@nestjs/common';
import { AdminSessionModule } from '../auth/admin-session.module';
import { AuthLimitsModule } from '../auth/auth-limits.module';
import { DashboardAuthGuard } from './dashboard-auth.guard';
import { DashboardController } from './dashboard.controller';
import { DashboardRepository } from './dashboard.repository';

/** The KPI dashboard (`/dashboard`) and its JSON (`/v1/kpis`), behind the admin keys (Basic or Bearer). */
@Module({
  imports: [AuthLimitsModule, AdminSessionModule],
  controllers: [DashboardController],
  providers: [DashboardAuthGuard, DashboardRepository],
})
export class DashboardModule {}
