import { Controller, Get, Query, UseGuards } from '@nestjs/common';
import { AdminAuthGuard } from '../alerts/admin-auth.guard';
import { DeliveriesAdminError, DeliveriesAdminErrorCode } from './deliveries-admin.error';
import {
  DELIVERY_OUTCOMES,
  DeliveryOutcome,
  DeliveryReport,
  DeliveryReportRepository,
} from './delivery-report.repository';

const MAX_LIMIT = 500;

/**
 * Admin API for deliveries: `GET /v1/deliveries?outcome=unknown` lists the emails the dispatcher
 * could not know the fate of (it stopped while SMTP had them; never resent), with the SMTP facts
 * that are known, so someone can check them against the mail server's log by Message-ID.
 */
@Controller('v1/deliveries')
@UseGuards(AdminAuthGuard)
export class DeliveriesAdminController {
  constructor(private readonly reports: DeliveryReportRepository) {}

  @Get()
  async list(
    @Query('outcome') outcome: unknown,
    @Query('limit') limit: unknown,
  ): Promise<{ outcome: DeliveryOutcome; deliveries: DeliveryReport[] }> {
    if (typeof outcome !== 'string' || !(DELIVERY_OUTCOMES as readonly string[]).includes(outcome)) {
      throw new DeliveriesAdminError(
        DeliveriesAdminErrorCode.InvalidQuery,
        `outcome must be one of ${DELIVERY_OUTCOMES.join(', ')}`,
        { field: 'outcome' },
      );
    }
    const count = limit === undefined || limit === '' ? 100 : Number(limit);
    if (!Number.isInteger(count) || count < 1 || count > MAX_LIMIT) {
      throw new DeliveriesAdminError(
        DeliveriesAdminErrorCode.InvalidQuery,
        `limit must be a whole number from 1 to ${MAX_LIMIT}`,
        { field: 'limit' },
      );
    }
    return {
      outcome: outcome as DeliveryOutcome,
      deliveries: await this.reports.list(outcome as DeliveryOutcome, count),
    };
  }
}
