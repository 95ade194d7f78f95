import { Body, Controller, Get, HttpCode, Param, Post, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AlertErrorCode } from '@postventa/alerts';
import { ApiErrorResponses } from '../openapi/api-error.dto';
import { ADMIN_SECURITY } from '../openapi/openapi.setup';
import { InvalidRequestCode } from '../openapi/request-validation.pipe';
import { AdminAuthGuard } from './admin-auth.guard';
import { AlertsAdminService } from './alerts-admin.service';
import {
  AcknowledgeBodyDto,
  AlertDetailDto,
  AlertDto,
  AlertListDto,
  AlertListQueryDto,
  AlertCommentDto,
  AssignBodyDto,
  CommentBodyDto,
  ReopenBodyDto,
  ResolveBodyDto,
  type AlertCommentJson,
  type AlertDetailJson,
  type AlertJson,
  type AlertListJson,
} from './alerts-api.schemas';

/** Admin API for support leads: list, read, acknowledge, assign, resolve, reopen and comment on alerts. */
@ApiTags('alerts')
@ApiBearerAuth(ADMIN_SECURITY)
@ApiErrorResponses(400, 401, 429)
@InvalidRequestCode(AlertErrorCode.InvalidRequest)
@Controller('v1/alerts')
@UseGuards(AdminAuthGuard)
export class AlertsController {
  constructor(private readonly alerts: AlertsAdminService) {}

  @Get()
  @ApiOperation({ summary: 'List alerts, newest first, filtered by state, severity, owner, customer, reason, time' })
  @ApiOkResponse({ type: AlertListDto })
  list(@Query() q: AlertListQueryDto): Promise<AlertListJson> {
    return this.alerts.list({
      state: q.state,
      team: q.team,
      owner: q.owner,
      severity: q.severity,
      reason: q.reason,
      customerId: q.customer,
      from: q.from ? new Date(q.from) : undefined,
      to: q.to ? new Date(q.to) : undefined,
      limit: q.limit,
      offset: q.offset,
    });
  }

  @Get(':id')
  @ApiOperation({ summary: 'One alert with its history, notifications and comments' })
  @ApiOkResponse({ type: AlertDetailDto })
  @ApiErrorResponses(404)
  get(@Param('id') id: string): Promise<AlertDetailJson> {
    return this.alerts.get(id);
  }

  @Post(':id/acknowledge')
  @HttpCode(200)
  @ApiOperation({ summary: 'Acknowledge an alert and take ownership of it' })
  @ApiOkResponse({ type: AlertDto })
  @ApiErrorResponses(404, 409)
  acknowledge(@Param('id') id: string, @Body() body: AcknowledgeBodyDto): Promise<AlertJson> {
    return this.alerts.acknowledge(id, body.actor, body.note);
  }

  @Post(':id/assign')
  @HttpCode(200)
  @ApiOperation({ summary: 'Give an alert to an owner' })
  @ApiOkResponse({ type: AlertDto })
  @ApiErrorResponses(404, 409)
  assign(@Param('id') id: string, @Body() body: AssignBodyDto): Promise<AlertJson> {
    return this.alerts.assign(id, body.owner, body.actor, body.note);
  }

  @Post(':id/resolve')
  @HttpCode(200)
  @ApiOperation({ summary: 'Resolve an alert' })
  @ApiOkResponse({ type: AlertDto })
  @ApiErrorResponses(404, 409)
  resolve(@Param('id') id: string, @Body() body: ResolveBodyDto): Promise<AlertJson> {
    return this.alerts.resolve(id, body.actor, body.note);
  }

  @Post(':id/reopen')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Reopen a resolved alert (409 while another alert for the same customer and reason is unresolved)',
  })
  @ApiOkResponse({ type: AlertDto })
  @ApiErrorResponses(404, 409)
  reopen(@Param('id') id: string, @Body() body: ReopenBodyDto): Promise<AlertJson> {
    return this.alerts.reopen(id, body.actor, body.note);
  }

  @Post(':id/comments')
  @ApiOperation({ summary: "Add a comment to an alert's history (any state)" })
  @ApiCreatedResponse({ type: AlertCommentDto })
  @ApiErrorResponses(404)
  comment(@Param('id') id: string, @Body() body: CommentBodyDto): Promise<AlertCommentJson> {
    return this.alerts.comment(id, body.author, body.body);
  }
}
