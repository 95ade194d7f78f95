import { Body, Controller, Get, HttpCode, Param, Post, Res, UseGuards } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { AdminAuthGuard } from '../alerts/admin-auth.guard';
import { ApiErrorResponses } from '../openapi/api-error.dto';
import { ADMIN_SECURITY } from '../openapi/openapi.setup';
import { RequestBody, type RequestBodyOptions } from '../openapi/request-body.interceptor';
import { InvalidRequestCode, RequestValidationPipe } from '../openapi/request-validation.pipe';
import { FlowsAdminErrorCode } from './flows-admin.error';
import {
  flowBodySchema,
  FlowDetailDto,
  type FlowDetailJson,
  FlowListDto,
  type FlowListJson,
  PublishResultDto,
  type PublishResultJson,
  SimulateBodyDto,
  SimulationResultDto,
  type SimulationResultJson,
  StatusBodyDto,
  StatusResultDto,
  type StatusResultJson,
  ValidationResultDto,
  type ValidationResultJson,
} from './flows-admin.schemas';
import { FlowsAdminService } from './flows-admin.service';

const FLOW_LIMIT = 512 * 1024;
const YAML_TYPES = ['application/yaml', 'application/x-yaml', 'text/yaml', 'text/x-yaml', 'text/plain'];

/** A flow as JSON or as YAML text, up to 512 KB. */
const FLOW_BODY: RequestBodyOptions = {
  json: { limit: FLOW_LIMIT },
  text: { limit: FLOW_LIMIT, types: YAML_TYPES },
};

type FlowBody = string | Record<string, unknown>;

/** A flow body is a JSON object or YAML text, a union no DTO class can stand for: the schema is given to the pipe. */
const FLOW_BODY_PIPE = new RequestValidationPipe(flowBodySchema);

const flowBodyDoc = {
  description: 'The flow: its YAML source (as in a flow file) or the same definition as JSON',
  schema: { oneOf: [{ type: 'object', additionalProperties: true }, { type: 'string' }] },
};

/**
 * Admin API for marketing: list the published flows, read one (definition, versions, graph),
 * validate, simulate and publish a flow, pause / resume / archive it — the same rules as
 * `postventa flows ...`.
 */
@ApiTags('flows')
@ApiBearerAuth(ADMIN_SECURITY)
@ApiErrorResponses(400, 401, 413, 415, 429)
@InvalidRequestCode(FlowsAdminErrorCode.InvalidRequest)
@Controller('v1/flows')
@UseGuards(AdminAuthGuard)
export class FlowsAdminController {
  constructor(private readonly flows: FlowsAdminService) {}

  @Get()
  @ApiOperation({ summary: 'Published flows: newest version, status, versions, open journeys, moments' })
  @ApiOkResponse({ type: FlowListDto })
  list(): Promise<FlowListJson> {
    return this.flows.list();
  }

  @Post('validate')
  @HttpCode(200)
  @RequestBody(FLOW_BODY)
  @ApiOperation({ summary: 'Check a flow (YAML or JSON): every problem with its path, line and message' })
  @ApiConsumes('application/json', 'application/yaml')
  @ApiBody(flowBodyDoc)
  @ApiOkResponse({ type: ValidationResultDto, description: '`valid: false` lists the problems; nothing is stored' })
  validate(@Body(FLOW_BODY_PIPE) body: FlowBody): ValidationResultJson {
    return this.flows.validate(body);
  }

  @Post('simulate')
  @HttpCode(200)
  @RequestBody({ json: { limit: 2 * FLOW_LIMIT } })
  @ApiOperation({
    summary: 'Run a flow on a timeline of events with a virtual clock: the steps and commands it would produce',
  })
  @ApiOkResponse({ type: SimulationResultDto })
  @ApiErrorResponses(422)
  simulate(@Body() body: SimulateBodyDto): SimulationResultJson {
    return this.flows.simulate(body);
  }

  @Post()
  @RequestBody(FLOW_BODY)
  @ApiOperation({
    summary: 'Publish a flow: new content becomes version N+1 (running journeys stay on their version)',
  })
  @ApiConsumes('application/json', 'application/yaml')
  @ApiBody(flowBodyDoc)
  @ApiCreatedResponse({ type: PublishResultDto, description: 'A new version was published' })
  @ApiOkResponse({ type: PublishResultDto, description: 'Unchanged: the newest version has this content' })
  @ApiErrorResponses(422)
  async publish(
    @Body(FLOW_BODY_PIPE) body: FlowBody,
    @Res({ passthrough: true }) res: Response,
  ): Promise<PublishResultJson> {
    const result = await this.flows.publish(body);
    res.status(result.action === 'published' ? 201 : 200);
    return result;
  }

  @Get(':id')
  @ApiOperation({ summary: 'One flow: its newest definition, status, versions and graph (nodes and edges)' })
  @ApiOkResponse({ type: FlowDetailDto })
  @ApiErrorResponses(404)
  get(@Param('id') id: string): Promise<FlowDetailJson> {
    return this.flows.get(id);
  }

  @Post(':id/pause')
  @HttpCode(200)
  @ApiOperation({ summary: 'Stop new journeys of a flow (and, with stop_journeys, end the running ones)' })
  @ApiOkResponse({ type: StatusResultDto })
  @ApiErrorResponses(404)
  pause(@Param('id') id: string, @Body() body: StatusBodyDto): Promise<StatusResultJson> {
    return this.flows.setStatus(id, 'paused', body.stop_journeys);
  }

  @Post(':id/resume')
  @HttpCode(200)
  @ApiOperation({ summary: 'Let new journeys of a paused or archived flow start again' })
  @ApiOkResponse({ type: StatusResultDto })
  @ApiErrorResponses(404)
  resume(@Param('id') id: string, @Body() body: StatusBodyDto): Promise<StatusResultJson> {
    return this.flows.setStatus(id, 'active', body.stop_journeys);
  }

  @Post(':id/archive')
  @HttpCode(200)
  @ApiOperation({ summary: 'Retire a flow: no new journeys (and, with stop_journeys, end the running ones)' })
  @ApiOkResponse({ type: StatusResultDto })
  @ApiErrorResponses(404)
  archive(@Param('id') id: string, @Body() body: StatusBodyDto): Promise<StatusResultJson> {
    return this.flows.setStatus(id, 'archived', body.stop_journeys);
  }
}
