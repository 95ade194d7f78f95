import { Module } from '@nestjs/common';
import { AdminAuthGuard } from '../alerts/admin-auth.guard';
import { AuthLimitsModule } from '../auth/auth-limits.module';
import { ApiRequestsModule } from '../openapi/api-requests.module';
import { CustomerDirectoryRepository } from './customer-directory.repository';
import { CustomersController } from './customers.controller';

/** Admin API for customers (`/v1/customers`: search, profile, journeys), behind the admin key. */
@Module({
  imports: [ApiRequestsModule, AuthLimitsModule],
  controllers: [CustomersController],
  providers: [AdminAuthGuard, CustomerDirectoryRepository],
})
export class CustomersModule {}
