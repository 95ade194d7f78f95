import { Controller, Get, Header, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AdminAuthGuard } from '../alerts/admin-auth.guard';
import { ApiErrorResponses } from '../openapi/api-error.dto';
import { ADMIN_SECURITY } from '../openapi/openapi.setup';
import { InvalidRequestCode } from '../openapi/request-validation.pipe';
import { KpisQueryDto, KpisResponse, KpisResponseDto } from './kpis.schemas';
import { KpisService } from './kpis.service';

/** `GET /v1/kpis`: KPIs per moment of truth, flow and step, computed from what the flows declare. */
@ApiTags('kpis')
@ApiBearerAuth(ADMIN_SECURITY)
@ApiErrorResponses(400, 401, 429)
@InvalidRequestCode('KPI_INVALID_QUERY')
@Controller('v1/kpis')
@UseGuards(AdminAuthGuard)
export class KpisController {
  constructor(private readonly kpis: KpisService) {}

  @Get()
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'KPIs per moment of truth, flow and step',
    description:
      'Funnels per flow and step (entered, completed, exited by reason, converted, drop-off, median time in step), ' +
      'grouped by the moment, step type, category and survey kind the flows declare; FMOT→SMOT conversion and time ' +
      'to first use; NPS, CSAT, CES and response rate; TMOT review requests and promoters; email outcomes per ' +
      'template and locale; refunds and repeat purchases after first use; alerts; a trend by day or week.',
  })
  @ApiOkResponse({ type: KpisResponseDto })
  get(@Query() query: KpisQueryDto): Promise<KpisResponse> {
    return this.kpis.kpis(query, new Date());
  }
}
