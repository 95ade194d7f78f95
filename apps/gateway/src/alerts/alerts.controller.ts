import { Body, Controller, Get, HttpCode, Param, Post, Query, UseGuards } from '@nestjs/common';
import { AdminAuthGuard } from './admin-auth.guard';
import { AlertsAdminService } from './alerts-admin.service';
import {
  acknowledgeBodySchema,
  alertListQuerySchema,
  assignBodySchema,
  parseRequest,
  resolveBodySchema,
} from './alerts-api.schemas';

/** Admin API for support leads: list, read, acknowledge, assign and resolve alerts. */
@Controller('v1/alerts')
@UseGuards(AdminAuthGuard)
export class AlertsController {
  constructor(private readonly alerts: AlertsAdminService) {}

  @Get()
  list(@Query() query: unknown): Promise<Record<string, unknown>> {
    const q = parseRequest(alertListQuerySchema, query, 'query');
    return this.alerts.list({
      state: q.state,
      team: q.team,
      owner: q.owner,
      severity: q.severity,
      reason: q.reason,
      customerId: q.customer,
      limit: q.limit,
      offset: q.offset,
    });
  }

  @Get(':id')
  get(@Param('id') id: string): Promise<Record<string, unknown>> {
    return this.alerts.get(id);
  }

  @Post(':id/acknowledge')
  @HttpCode(200)
  acknowledge(@Param('id') id: string, @Body() body: unknown): Promise<Record<string, unknown>> {
    const { actor, note } = parseRequest(acknowledgeBodySchema, body, 'body');
    return this.alerts.acknowledge(id, actor, note);
  }

  @Post(':id/assign')
  @HttpCode(200)
  assign(@Param('id') id: string, @Body() body: unknown): Promise<Record<string, unknown>> {
    const { owner, actor, note } = parseRequest(assignBodySchema, body, 'body');
    return this.alerts.assign(id, owner, actor, note);
  }

  @Post(':id/resolve')
  @HttpCode(200)
  resolve(@Param('id') id: string, @Body() body: unknown): Promise<Record<string, unknown>> {
    const { actor, note } = parseRequest(resolveBodySchema, body, 'body');
    return this.alerts.resolve(id, actor, note);
  }
}
