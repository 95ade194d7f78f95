import { Controller, Get, Param, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AlertErrorCode } from '@postventa/alerts';
import { ApiErrorResponses } from '../openapi/api-error.dto';
import { ADMIN_SECURITY } from '../openapi/openapi.setup';
import { InvalidRequestCode } from '../openapi/request-validation.pipe';
import { AdminAuthGuard } from './admin-auth.guard';
import { AlertsAdminService } from './alerts-admin.service';
import { TimelineQueryDto } from './alerts-api.schemas';
import {
  CustomerRiskDto,
  CustomerTimelineDto,
  type CustomerRiskJson,
  type CustomerTimelineJson,
} from './customer-insights.schemas';

/** Admin API: a customer's timeline (events, journeys, messages, surveys, alerts) and risk. */
@ApiTags('customers')
@ApiBearerAuth(ADMIN_SECURITY)
@ApiErrorResponses(400, 401, 404, 429)
@InvalidRequestCode(AlertErrorCode.InvalidRequest)
@Controller('v1/customers')
@UseGuards(AdminAuthGuard)
export class CustomerInsightsController {
  constructor(private readonly alerts: AlertsAdminService) {}

  @Get(':id/timeline')
  @ApiOperation({ summary: "A customer's recent events, journey steps, messages, surveys and alerts, newest first" })
  @ApiOkResponse({ type: CustomerTimelineDto })
  timeline(@Param('id') id: string, @Query() query: TimelineQueryDto): Promise<CustomerTimelineJson> {
    return this.alerts.timeline(id, query.limit);
  }

  @Get(':id/risk')
  @ApiOperation({ summary: "A customer's churn-risk score, level and reasons, with their open alerts" })
  @ApiOkResponse({ type: CustomerRiskDto })
  risk(@Param('id') id: string): Promise<CustomerRiskJson> {
    return this.alerts.risk(id);
  }
}
