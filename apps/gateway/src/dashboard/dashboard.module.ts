import { Module } from '@nestjs/common';
import { DashboardAuthGuard } from './dashboard-auth.guard';
import { DashboardController } from './dashboard.controller';
import { DashboardRepository } from './dashboard.repository';

/** The KPI dashboard (`/dashboard`) and its JSON (`/v1/kpis`), behind the admin keys (Basic or Bearer). */
@Module({
  controllers: [DashboardController],
  providers: [DashboardAuthGuard, DashboardRepository],
})
export class DashboardModule {}
