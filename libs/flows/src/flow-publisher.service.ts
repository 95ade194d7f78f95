import { Injectable } from '@nestjs/common';
import { TransactionRunner } from '@postventa/persistence';
import { describeFlowChanges } from './flow-diff';
import type { FlowFile } from './flow-files';
import { FlowJourneysRepository } from './flow-journeys.repository';
import {
  FlowHead,
  FlowStatus,
  FlowSummary,
  FlowVersionRepository,
  FlowVersionSummary,
} from './flow-version.repository';
import type { FlowDefinition } from '@postventa/journeys';

export interface FlowPublishResult {
  flow_id: string;
  file: string;
  /** `published`: a new version was stored; `unchanged`: the newest version has this content. */
  action: 'published' | 'unchanged';
  number: number;
  version: string;
  status: FlowStatus;
  previous?: { number: number; version: string };
  /** What changed since the previous version (empty for a first version). */
  changes: string[];
}

export interface FlowStatusOptions {
  /**
   * Pausing or archiving: also end the journeys already in the flow (outcome `cancelled`, reason
   * `flow_paused` / `flow_archived`, pending timers cancelled). Default: only new entries stop.
   */
  stopJourneys?: boolean;
  now?: Date;
}

export interface FlowStatusResult {
  status: FlowStatus;
  /** Journeys ended by `stopJourneys`. */
  stoppedJourneys: number;
}

export class FlowStatusOptionError extends Error {}

export class FlowNotFoundError extends Error {
  constructor(readonly flowId: string) {
    super(`no published flow '${flowId}' (see \`postventa flows list\`)`);
  }
}

/**
 * Publishes flow files as versions. A file whose content hash differs from its flow's newest
 * version becomes version N+1; journeys already running stay on the version they started on, new
 * journeys start on the newest active one. A new version keeps the flow's status (a paused flow
 * stays paused until resumed).
 */
@Injectable()
export class FlowPublisher {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly versions: FlowVersionRepository = new FlowVersionRepository(),
  ) {}

  private readonly journeys = new FlowJourneysRepository();

  async publish(files: readonly FlowFile[], now: Date): Promise<FlowPublishResult[]> {
    return this.transactions.run(async (db) => {
      await this.versions.lockForPublish(db);
      const ids = files.map((f) => f.definition.id);
      const heads = new Map((await this.versions.heads(db, ids)).map((h) => [h.flow_id, h]));
      const changedHeads = files
        .filter((f) => heads.get(f.definition.id)?.version !== f.version)
        .map((f) => heads.get(f.definition.id));
      const previous = new Map(
        (
          await this.versions.findVersions(
            db,
            changedHeads.filter((h) => h !== undefined).map((h) => ({ id: h.flow_id, version: h.version })),
          )
        ).map((r) => [r.flow_id, r]),
      );
      const results: FlowPublishResult[] = [];
      const inserts = [];
      for (const file of files) {
        const id = file.definition.id;
        const head = heads.get(id);
        if (head?.version === file.version) {
          results.push({
            flow_id: id,
            file: file.file,
            action: 'unchanged',
            number: head.number,
            version: head.version,
            status: head.status,
            changes: [],
          });
          continue;
        }
        const number = (head?.number ?? 0) + 1;
        const status = head?.status ?? 'active';
        const before = previous.get(id);
        inserts.push({
          flow_id: id,
          version: file.version,
          number,
          name: file.definition.name,
          source: file.source,
          source_file: file.file,
          definition: file.definition,
          status,
          published_at: now,
        });
        results.push({
          flow_id: id,
          file: file.file,
          action: 'published',
          number,
          version: file.version,
          status,
          ...(head ? { previous: { number: head.number, version: head.version } } : {}),
          changes: before ? describeFlowChanges(before.definition, file.definition) : [],
        });
      }
      await this.versions.insert(db, inserts);
      return results;
    });
  }

  /**
   * Sets a flow's status. Pausing or archiving stops new entries; with `stopJourneys` it also ends
   * the journeys already in it, in the same transaction.
   */
  async setStatus(flowId: string, status: FlowStatus, options: FlowStatusOptions = {}): Promise<FlowStatusResult> {
    if (options.stopJourneys && status === 'active')
      throw new FlowStatusOptionError('stopping journeys goes with pause or archive, not resume');
    const result = await this.transactions.run(async (db) => {
      await this.versions.lockForPublish(db);
      const count = await this.versions.setStatus(db, flowId, status);
      if (count === 0 || !options.stopJourneys) return { count, stopped: 0 };
      const reason = status === 'archived' ? 'flow_archived' : 'flow_paused';
      return { count, stopped: await this.journeys.stopOpen(db, flowId, reason, options.now ?? new Date()) };
    });
    if (result.count === 0) throw new FlowNotFoundError(flowId);
    return { status, stoppedJourneys: result.stopped };
  }

  async list(): Promise<FlowSummary[]> {
    return this.versions.list(this.transactions.db);
  }

  /** The flows with the definition of each one's newest version. */
  async listWithDefinitions(): Promise<Array<FlowSummary & { definition?: FlowDefinition }>> {
    const db = this.transactions.db;
    const [rows, definitions] = [await this.versions.list(db), await this.versions.headDefinitions(db)];
    return rows.map((row) => ({ ...row, definition: definitions.get(row.flow_id) }));
  }

  /** A flow's newest version (definition, source) and all its versions; throws FlowNotFoundError. */
  async describe(flowId: string): Promise<{ head: FlowHead; versions: FlowVersionSummary[] }> {
    const db = this.transactions.db;
    const head = await this.versions.head(db, flowId);
    if (!head) throw new FlowNotFoundError(flowId);
    return { head, versions: await this.versions.versionsOf(db, flowId) };
  }
}

/** `smot-onboarding: published v3 (1a2b3c4d5e6f7a8b), was v2: step 'x' changed`. */
export function formatPublishResult(result: FlowPublishResult): string {
  const head = `${result.flow_id}: `;
  const paused =
    result.status === 'active'
      ? ''
      : ` [${result.status}: new journeys do not start until \`flows resume ${result.flow_id}\`]`;
  if (result.action === 'unchanged') return `${head}unchanged, v${result.number} (${result.version})${paused}`;
  const was = result.previous ? `, was v${result.previous.number} (${result.previous.version})` : ' (first version)';
  const changes = result.previous
    ? `\n${(result.changes.length ? result.changes : ['formatting or comments only']).map((c) => `    - ${c}`).join('\n')}`
    : '';
  return `${head}published v${result.number} (${result.version})${was}${paused}${changes}`;
}
