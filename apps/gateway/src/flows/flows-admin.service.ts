import { Injectable } from '@nestjs/common';
import { validateEvent } from '@postventa/contracts';
import {
  type FlowFile,
  flowFromSource,
  FlowNotFoundError,
  FlowPublisher,
  type FlowStatus,
  FlowStatusOptionError,
  templateIdsIn,
} from '@postventa/flows';
import {
  compileFlow,
  type CustomerProfile,
  type EventEnvelope,
  type FlowDefinition,
  type FlowIssue,
  flowGraph,
  simulate,
} from '@postventa/journeys';
import { AppConfig, Clock } from '@postventa/platform';
import { resolve } from 'node:path';
import { FlowsAdminError, FlowsAdminErrorCode } from './flows-admin.error';
import type {
  FlowDetailJson,
  FlowListJson,
  PublishResultJson,
  SimulateBodyDto,
  SimulationResultJson,
  StatusResultJson,
  ValidationResultJson,
} from './flows-admin.schemas';

/** The name flows posted to the API get where a file name would be (issues, `source_file`). */
const API_SOURCE = 'api';

const iso = (value: Date | string) => new Date(value).toISOString();

/**
 * What the admin API does with flows: the same validation, versioning and status changes as
 * `postventa flows validate | publish | pause | resume | archive`, through the one FlowPublisher.
 * Template ids are checked against TEMPLATES_DIR, the templates the dispatcher renders.
 */
@Injectable()
export class FlowsAdminService {
  private readonly templatesDir: string;

  constructor(
    private readonly publisher: FlowPublisher,
    private readonly clock: Clock,
    config: AppConfig,
  ) {
    this.templatesDir = resolve(config.get('TEMPLATES_DIR'));
  }

  async list(): Promise<FlowListJson> {
    const rows = await this.publisher.listWithDefinitions();
    return {
      flows: rows.map((row) => ({
        id: row.flow_id,
        name: row.name,
        status: row.status,
        version: { number: row.number, hash: row.version },
        published_at: iso(row.published_at),
        versions: row.versions,
        open_journeys: row.open_journeys,
        moments: momentsOf(row.definition),
      })),
    };
  }

  async get(id: string): Promise<FlowDetailJson> {
    const { head, versions } = await this.found(() => this.publisher.describe(id));
    return {
      id: head.flow_id,
      name: head.name,
      status: head.status,
      version: { number: head.number, hash: head.version },
      published_at: iso(head.published_at),
      source_file: head.source_file,
      definition: head.definition as unknown as Record<string, unknown>,
      versions: versions.map((v) => ({
        number: v.number,
        hash: v.version,
        status: v.status,
        source_file: v.source_file,
        published_at: iso(v.published_at),
      })),
      graph: flowGraph(head.definition),
    };
  }

  validate(body: string | Record<string, unknown>): ValidationResultJson {
    const result = this.load(body);
    if (!result.flow) return { valid: false, errors: result.issues.map(issueJson) };
    const { definition, version } = result.flow;
    return { valid: true, errors: [], flow: { id: definition.id, name: definition.name, version } };
  }

  async publish(body: string | Record<string, unknown>): Promise<PublishResultJson> {
    const flow = this.loadOrThrow(body);
    const [result] = await this.publisher.publish([flow], this.clock.now());
    return {
      id: result.flow_id,
      action: result.action,
      version: { number: result.number, hash: result.version },
      status: result.status,
      ...(result.previous ? { previous: { number: result.previous.number, hash: result.previous.version } } : {}),
      changes: result.changes,
    };
  }

  async setStatus(id: string, status: FlowStatus, stopJourneys: boolean): Promise<StatusResultJson> {
    try {
      const result = await this.found(() =>
        this.publisher.setStatus(id, status, { stopJourneys, now: this.clock.now() }),
      );
      return { id, status: result.status, stopped_journeys: result.stoppedJourneys };
    } catch (error) {
      if (error instanceof FlowStatusOptionError)
        throw new FlowsAdminError(FlowsAdminErrorCode.InvalidRequest, error.message, { path: 'stop_journeys' });
      throw error;
    }
  }

  simulate(body: SimulateBodyDto): SimulationResultJson {
    const flow = this.loadOrThrow(body.flow);
    const events: EventEnvelope[] = body.events.map((value, index) => {
      const checked = validateEvent(value);
      if (checked.ok) return checked.event;
      const path = `events.${index}${checked.error.path ? `.${checked.error.path}` : ''}`;
      throw new FlowsAdminError(FlowsAdminErrorCode.InvalidRequest, `body.${path}: ${checked.error.message}`, {
        path,
        fields: [{ path, message: checked.error.message }],
      });
    });
    const customer: CustomerProfile = { id: events[0].subject, ...body.customer };
    const result = simulate(compileFlow(flow.definition, flow.version), events, { customer, horizon: body.horizon });
    return {
      flow: result.flow,
      entries: result.entries.map(({ command, ...entry }) => ({
        ...entry,
        ...(command ? { command: command as unknown as Record<string, unknown> } : {}),
      })),
      commands: result.entries.flatMap((entry) =>
        entry.command ? [entry.command as unknown as Record<string, unknown>] : [],
      ),
      journeys: result.journeys.map((j) => ({ id: j.id, status: j.status, current_step: j.current_step ?? null })),
      pending_timers: result.pending.length,
    };
  }

  /** The flow of a request body: YAML text as sent, a JSON object as its JSON text (YAML reads JSON). */
  private load(body: string | Record<string, unknown>): ReturnType<typeof flowFromSource> {
    const source = typeof body === 'string' ? body : `${JSON.stringify(body, null, 2)}\n`;
    return flowFromSource(source, API_SOURCE, templateIdsIn(this.templatesDir));
  }

  private loadOrThrow(body: string | Record<string, unknown>): FlowFile {
    const result = this.load(body);
    if (result.flow) return result.flow;
    const errors = result.issues.map(issueJson);
    throw new FlowsAdminError(
      FlowsAdminErrorCode.InvalidFlow,
      `The flow is not valid: ${errors.length} problem(s), first ${errors[0].path || '(flow)'}: ${errors[0].message}`,
      { errors, fields: errors.map(({ path, message }) => ({ path, message })) },
    );
  }

  private async found<T>(run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      if (error instanceof FlowNotFoundError)
        throw new FlowsAdminError(FlowsAdminErrorCode.NotFound, `No published flow with id ${error.flowId}`, {
          id: error.flowId,
        });
      throw error;
    }
  }
}

function issueJson(issue: FlowIssue): { path: string; line: number; column: number; message: string } {
  return { path: issue.path, line: issue.line, column: issue.column, message: issue.message };
}

/** The moments of truth a flow's steps declare, in fmot, smot, tmot order. */
function momentsOf(definition: FlowDefinition | undefined): Array<'fmot' | 'smot' | 'tmot'> {
  const declared = new Set((definition?.steps ?? []).map((step) => step.moment));
  return (['fmot', 'smot', 'tmot'] as const).filter((moment) => declared.has(moment));
}
