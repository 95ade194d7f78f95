import type { CompiledFlow } from '@postventa/journeys';

/** A compiled published version and its number (1, 2, 3...). */
export interface PublishedFlow {
  flow: CompiledFlow;
  number: number;
}

function keyOf(ref: { id: string; version: string }): string {
  return `${ref.id}@${ref.version}`;
}

/**
 * The flows one batch works with: the newest active version of each flow (where new journeys
 * start) and the versions the batch's open journeys are pinned to.
 */
export class FlowCatalog {
  private readonly byKey: ReadonlyMap<string, PublishedFlow>;

  constructor(
    /** Newest active version of each flow, sorted by flow id. */
    readonly entryFlows: readonly CompiledFlow[],
    versions: readonly PublishedFlow[],
  ) {
    this.byKey = new Map(versions.map((v) => [keyOf(v.flow), v]));
  }

  /** The exact version a journey started on. */
  pinned(ref: { id: string; version: string }): CompiledFlow | undefined {
    return this.byKey.get(keyOf(ref))?.flow;
  }

  /** The published number of a version (what commands and activity carry as `flow.version`). */
  versionNumber(ref: { id: string; version: string }): number | undefined {
    return this.byKey.get(keyOf(ref))?.number;
  }

  get flows(): CompiledFlow[] {
    return [...this.byKey.values()].map((v) => v.flow);
  }
}
