import { Controller, Get, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { AdminAuthGuard } from '../alerts/admin-auth.guard';
import { ApiErrorResponses } from '../openapi/api-error.dto';
import { ADMIN_SECURITY } from '../openapi/openapi.setup';
import { InvalidRequestCode } from '../openapi/request-validation.pipe';
import { DeliveriesAdminErrorCode } from './deliveries-admin.error';
import { DELIVERY_OUTCOMES, DeliveryReportRepository } from './delivery-report.repository';

const MAX_LIMIT = 500;

export const deliveryListQuerySchema = z.object({
  outcome: z.enum(DELIVERY_OUTCOMES, `must be one of ${DELIVERY_OUTCOMES.join(', ')}`),
  limit: z.coerce
    .number()
    .int(`must be a whole number from 1 to ${MAX_LIMIT}`)
    .min(1, `must be a whole number from 1 to ${MAX_LIMIT}`)
    .max(MAX_LIMIT, `must be a whole number from 1 to ${MAX_LIMIT}`)
    .default(100),
});

const nullableString = z.string().nullable();

export const deliveryReportSchema = z
  .object({
    command_id: z.string(),
    customer_id: z.string(),
    status: z.enum(DELIVERY_OUTCOMES),
    template: z.string(),
    category: z.string(),
    flow_id: nullableString,
    flow_version: z.number().int().nullable(),
    journey_id: nullableString,
    step_id: nullableString,
    message_id: z.string(),
    attempts: z.number().int(),
    smtp: z.object({
      last_stage: nullableString,
      response_code: z.number().int().nullable(),
      response: nullableString,
      handed_to_smtp_at: nullableString,
    }),
    error_code: nullableString,
    error_message: nullableString,
    created_at: z.string(),
    updated_at: z.string(),
    unknown_since: nullableString,
  })
  .meta({ id: 'DeliveryReport' });

export const deliveryListSchema = z.object({
  outcome: z.enum(DELIVERY_OUTCOMES),
  deliveries: z.array(deliveryReportSchema),
});

export class DeliveryListQueryDto extends createZodDto(deliveryListQuerySchema) {}
export class DeliveryListDto extends createZodDto(deliveryListSchema) {}

/**
 * Admin API for deliveries: `GET /v1/deliveries?outcome=unknown` lists the emails the dispatcher
 * could not know the fate of (it stopped while SMTP had them; never resent), with the SMTP facts
 * that are known, so someone can check them against the mail server's log by Message-ID.
 */
@ApiTags('deliveries')
@ApiBearerAuth(ADMIN_SECURITY)
@ApiErrorResponses(400, 401, 429)
@InvalidRequestCode(DeliveriesAdminErrorCode.InvalidQuery)
@Controller('v1/deliveries')
@UseGuards(AdminAuthGuard)
export class DeliveriesAdminController {
  constructor(private readonly reports: DeliveryReportRepository) {}

  @Get()
  @ApiOperation({ summary: 'Deliveries with one outcome, newest first (unknown ones by when they became unknown)' })
  @ApiOkResponse({ type: DeliveryListDto })
  async list(@Query() query: DeliveryListQueryDto): Promise<DeliveryListDto> {
    return { outcome: query.outcome, deliveries: await this.reports.list(query.outcome, query.limit) };
  }
}
