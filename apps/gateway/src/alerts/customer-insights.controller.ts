import { Controller, Get, Param, Query, UseGuards } from '@nestjs/common';
import { AdminAuthGuard } from './admin-auth.guard';
import { AlertsAdminService } from './alerts-admin.service';
import { parseRequest, timelineQuerySchema } from './alerts-api.schemas';

/** Admin API: a customer's timeline (events, journeys, messages, surveys, alerts) and risk. */
@Controller('v1/customers')
@UseGuards(AdminAuthGuard)
export class CustomerInsightsController {
  constructor(private readonly alerts: AlertsAdminService) {}

  @Get(':id/timeline')
  timeline(@Param('id') id: string, @Query() query: unknown): Promise<Record<string, unknown>> {
    const { limit } = parseRequest(timelineQuerySchema, query, 'query');
    return this.alerts.timeline(id, limit);
  }

  @Get(':id/risk')
  risk(@Param('id') id: string): Promise<Record<string, unknown>> {
    return this.alerts.risk(id);
  }
}
