import { Injectable } from '@nestjs/common';
import type { FlowDefinition } from '@postventa/journeys';
import { runRead, type SqlRead } from '@postventa/persistence';
import { EntityManager } from 'typeorm';

export type FlowStatus = 'active' | 'paused' | 'archived';

/** Serialises publishers (engines publishing at start-up, the CLI) so version numbers do not race. */
const PUBLISH_LOCK = 7_310_202;

export interface FlowVersionHead {
  flow_id: string;
  version: string;
  number: number;
  status: FlowStatus;
}

export interface FlowVersionRecord extends FlowVersionHead {
  name: string;
  definition: FlowDefinition;
  published_at: Date;
}

export interface NewFlowVersion {
  flow_id: string;
  version: string;
  number: number;
  name: string;
  source: string;
  source_file: string | null;
  definition: FlowDefinition;
  status: FlowStatus;
  published_at: Date;
}

export interface FlowSummary extends FlowVersionHead {
  name: string;
  published_at: Date;
  versions: number;
  open_journeys: number;
}

/** One version of a flow, as listed with the flow. */
export interface FlowVersionSummary {
  number: number;
  version: string;
  status: FlowStatus;
  source_file: string | null;
  published_at: Date;
}

/** A flow's newest version with its definition and source. */
export interface FlowHead extends FlowVersionRecord {
  source: string;
  source_file: string | null;
}

/** Published flow versions. A flow's newest version (highest number) carries its status. */
@Injectable()
export class FlowVersionRepository {
  /** The newest version of every flow (or of the given flows). */
  async heads(db: EntityManager, flowIds?: readonly string[]): Promise<FlowVersionHead[]> {
    return runRead(db, this.headsRead(flowIds));
  }

  /** The query of `heads`, to run with other reads (`combineReads`). */
  headsRead(flowIds?: readonly string[]): SqlRead<FlowVersionHead[]> {
    return {
      sql: `SELECT DISTINCT ON (flow_id) flow_id, version, number, status
         FROM flow_versions
        WHERE $1::text[] IS NULL OR flow_id = ANY($1::text[])
        ORDER BY flow_id, number DESC`,
      params: [flowIds ?? null],
      map: (rows) => (rows as unknown as FlowVersionHead[]).map((r) => ({ ...r, number: Number(r.number) })),
    };
  }

  /** Definitions of the given (flow id, version) pairs, in one query (content published twice: its newest version). */
  async findVersions(
    db: EntityManager,
    refs: ReadonlyArray<{ id: string; version: string }>,
  ): Promise<FlowVersionRecord[]> {
    if (refs.length === 0) return [];
    const rows: FlowVersionRecord[] = await db.query(
      `SELECT DISTINCT ON (fv.flow_id, fv.version)
              fv.flow_id, fv.version, fv.number, fv.status, fv.name, fv.definition, fv.published_at
         FROM flow_versions fv
         JOIN jsonb_to_recordset($1::jsonb) AS x(id text, version text) ON x.id = fv.flow_id AND x.version = fv.version
        ORDER BY fv.flow_id, fv.version, fv.number DESC`,
      [JSON.stringify(refs.map((r) => ({ id: r.id, version: r.version })))],
    );
    return rows.map((r) => ({ ...r, number: Number(r.number) }));
  }

  async lockForPublish(db: EntityManager): Promise<void> {
    await db.query(`SELECT pg_advisory_xact_lock($1)`, [PUBLISH_LOCK]);
  }

  async insert(db: EntityManager, rows: readonly NewFlowVersion[]): Promise<void> {
    if (rows.length === 0) return;
    await db.query(
      `INSERT INTO flow_versions (flow_id, version, number, name, source, source_file, definition, status, published_at)
       SELECT flow_id, version, number, name, source, source_file, definition, status, published_at
         FROM jsonb_to_recordset($1::jsonb) AS x(flow_id text, version text, number integer, name text, source text,
              source_file text, definition jsonb, status text, published_at timestamptz)`,
      [JSON.stringify(rows)],
    );
  }

  /** Sets the status of a flow (all its versions); returns how many versions it has. */
  async setStatus(db: EntityManager, flowId: string, status: FlowStatus): Promise<number> {
    const [row]: Array<{ count: string }> = await db.query(
      `WITH updated AS (UPDATE flow_versions SET status = $2 WHERE flow_id = $1 RETURNING number) SELECT count(*) AS count FROM updated`,
      [flowId, status],
    );
    return Number(row?.count ?? 0);
  }

  /** The newest version of a flow, with its definition and source; undefined for an unknown flow. */
  async head(db: EntityManager, flowId: string): Promise<FlowHead | undefined> {
    const [row]: FlowHead[] = await db.query(
      `SELECT flow_id, version, number, status, name, definition, source, source_file, published_at
         FROM flow_versions WHERE flow_id = $1 ORDER BY number DESC LIMIT 1`,
      [flowId],
    );
    return row ? { ...row, number: Number(row.number) } : undefined;
  }

  /** Every version of a flow, newest first. */
  async versionsOf(db: EntityManager, flowId: string): Promise<FlowVersionSummary[]> {
    const rows: FlowVersionSummary[] = await db.query(
      `SELECT number, version, status, source_file, published_at FROM flow_versions WHERE flow_id = $1 ORDER BY number DESC`,
      [flowId],
    );
    return rows.map((r) => ({ ...r, number: Number(r.number) }));
  }

  /** The definitions of every flow's newest version, by flow id. */
  async headDefinitions(db: EntityManager): Promise<Map<string, FlowDefinition>> {
    const rows: Array<{ flow_id: string; definition: FlowDefinition }> = await db.query(
      `SELECT DISTINCT ON (flow_id) flow_id, definition FROM flow_versions ORDER BY flow_id, number DESC`,
    );
    return new Map(rows.map((r) => [r.flow_id, r.definition]));
  }

  /** One line per flow: its newest version, how many versions, how many journeys are still open. */
  async list(db: EntityManager): Promise<FlowSummary[]> {
    const rows: FlowSummary[] = await db.query(
      `SELECT h.flow_id, h.version, h.number, h.status, h.name, h.published_at,
              (SELECT count(*) FROM flow_versions v WHERE v.flow_id = h.flow_id) AS versions,
              (SELECT count(*) FROM journey_instances j WHERE j.flow_id = h.flow_id AND j.status IN ('active', 'waiting')) AS open_journeys
         FROM (SELECT DISTINCT ON (flow_id) flow_id, version, number, status, name, published_at
                 FROM flow_versions ORDER BY flow_id, number DESC) h
        ORDER BY h.flow_id`,
    );
    return rows.map((r) => ({
      ...r,
      number: Number(r.number),
      versions: Number(r.versions),
      open_journeys: Number(r.open_journeys),
    }));
  }
}
