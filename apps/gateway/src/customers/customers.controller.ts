import { Controller, Get, Param, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AlertError, AlertErrorCode } from '@postventa/alerts';
import { AdminAuthGuard } from '../alerts/admin-auth.guard';
import { ApiErrorResponses } from '../openapi/api-error.dto';
import { ADMIN_SECURITY } from '../openapi/openapi.setup';
import { InvalidRequestCode } from '../openapi/request-validation.pipe';
import { CustomerDirectoryRepository, type CustomerRow } from './customer-directory.repository';
import {
  CustomerJourneysDto,
  type CustomerJourneysJson,
  CustomerProfileDto,
  type CustomerProfileJson,
  CustomerSearchDto,
  type CustomerSearchJson,
  CustomerSearchQueryDto,
  JourneysQueryDto,
} from './customers.schemas';

const iso = (value: Date | string) => new Date(value).toISOString();
const isoOrNull = (value: Date | string | null) => (value === null ? null : iso(value));

const customerNotFound = (id: string) =>
  new AlertError(AlertErrorCode.CustomerNotFound, `No customer with id ${id}`, { id });

function customerJson(row: CustomerRow): CustomerSearchJson['customers'][number] {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    locale: row.locale,
    timezone: row.timezone,
    first_seen_at: iso(row.first_seen_at),
    last_seen_at: iso(row.last_seen_at),
    event_count: Number(row.event_count),
  };
}

/**
 * Admin API for support: find a customer (by id, email or name), read their profile and their
 * journeys. Their timeline and risk are beside it (CustomerInsightsController).
 */
@ApiTags('customers')
@ApiBearerAuth(ADMIN_SECURITY)
@ApiErrorResponses(400, 401, 429)
@InvalidRequestCode(AlertErrorCode.InvalidRequest)
@Controller('v1/customers')
@UseGuards(AdminAuthGuard)
export class CustomersController {
  constructor(private readonly customers: CustomerDirectoryRepository) {}

  @Get()
  @ApiOperation({ summary: 'Search customers by the start of their id, email or name; paged' })
  @ApiOkResponse({ type: CustomerSearchDto })
  async search(@Query() q: CustomerSearchQueryDto): Promise<CustomerSearchJson> {
    const { customers, total } = await this.customers.search(q.query, q.limit, q.offset);
    return { customers: customers.map(customerJson), total, limit: q.limit, offset: q.offset };
  }

  @Get(':id')
  @ApiOperation({ summary: "A customer's profile, consent, tags, and counts of journeys and open alerts" })
  @ApiOkResponse({ type: CustomerProfileDto })
  @ApiErrorResponses(404)
  async profile(@Param('id') id: string): Promise<CustomerProfileJson> {
    const row = await this.customers.find(id);
    if (!row) throw customerNotFound(id);
    return {
      ...customerJson(row),
      phone: row.phone,
      attributes: row.attributes,
      consent: row.consent,
      tags: row.tags,
      journeys: { total: row.journeys, open: row.open_journeys },
      open_alerts: row.open_alerts,
    };
  }

  @Get(':id/journeys')
  @ApiOperation({ summary: "A customer's journeys (flow and version, status, step, outcome), newest first" })
  @ApiOkResponse({ type: CustomerJourneysDto })
  @ApiErrorResponses(404)
  async journeys(@Param('id') id: string, @Query() q: JourneysQueryDto): Promise<CustomerJourneysJson> {
    const rows = await this.customers.journeys(id, q.limit);
    if (rows.length === 0 && !(await this.customers.exists(id))) throw customerNotFound(id);
    return {
      customer_id: id,
      journeys: rows.map((j) => ({
        id: j.id,
        flow: { id: j.flow_id, version: j.flow_version },
        order_id: j.order_id,
        status: j.status,
        current_step: j.current_step,
        outcome: j.outcome,
        entered_at: iso(j.entered_at),
        updated_at: iso(j.updated_at),
        exited_at: isoOrNull(j.exited_at),
      })),
    };
  }
}
