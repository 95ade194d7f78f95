import { Inject, Injectable } from '@nestjs/common';
import { compileFlow } from '@postventa/journeys';
import { LOGGER, Logger } from '@postventa/platform';
import { type SqlRead, Tx } from '@postventa/persistence';
import { FlowCatalog, type PublishedFlow } from './flow-catalog';
import { type FlowVersionHead, FlowVersionRepository } from '@postventa/flows';

/**
 * Published flows for the engine. A version never changes once published, so compiled versions
 * are cached for the life of the process; which version is newest and active is read per batch
 * (a small query, made with the batch's other reads), so a publish, pause or resume takes effect
 * on the next batch, in every engine.
 */
@Injectable()
export class FlowRegistry {
  private readonly compiled = new Map<string, PublishedFlow | null>();

  constructor(
    private readonly versions: FlowVersionRepository,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** The newest versions of the flows, read with the batch's other reads (then `catalog`). */
  headsRead(): SqlRead<FlowVersionHead[]> {
    return this.versions.headsRead();
  }

  /** The catalog from the flows' newest versions (`headsRead`) and the versions open journeys are pinned to. */
  async catalog(
    db: Tx,
    newest: readonly FlowVersionHead[],
    pinned: ReadonlyArray<{ id: string; version: string }>,
  ): Promise<FlowCatalog> {
    const heads = newest.filter((h) => h.status === 'active');
    const wanted = new Map<string, { id: string; version: string }>();
    for (const ref of [...heads.map((h) => ({ id: h.flow_id, version: h.version })), ...pinned])
      wanted.set(`${ref.id}@${ref.version}`, ref);
    const missing = [...wanted].filter(([key]) => !this.compiled.has(key)).map(([, ref]) => ref);
    for (const row of await this.versions.findVersions(db, missing)) {
      const key = `${row.flow_id}@${row.version}`;
      try {
        this.compiled.set(key, { flow: compileFlow(row.definition, row.version), number: row.number });
      } catch (error) {
        this.logger.error(
          { err: error, flow_id: row.flow_id, flow_version: row.version },
          'published flow version does not compile; it is skipped',
        );
        this.compiled.set(key, null);
      }
    }
    // Content published again (a reverted file) is the same compiled flow under its newest number.
    for (const h of heads) {
      const cached = this.compiled.get(`${h.flow_id}@${h.version}`);
      if (cached && cached.number < h.number)
        this.compiled.set(`${h.flow_id}@${h.version}`, { ...cached, number: h.number });
    }
    const available = [...wanted.keys()]
      .map((key) => this.compiled.get(key))
      .filter((v): v is PublishedFlow => Boolean(v));
    const entry = heads
      .map((h) => this.compiled.get(`${h.flow_id}@${h.version}`)?.flow)
      .filter((f) => f !== undefined)
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    return new FlowCatalog(entry, available);
  }
}
