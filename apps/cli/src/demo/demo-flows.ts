import { existsSync } from 'node:fs';
import { fixedIsoDurationMs } from '@postventa/contracts';
import { flowFromSource, FlowPublisher, loadFlowDirectory, type FlowFile } from '@postventa/flows';
import { formatFlowIssues, type FlowIssue } from '@postventa/journeys';
import { createDataSource, runMigrations, TransactionRunner } from '@postventa/persistence';

/** The shipped flow a demo flow stands in for: `demo-smot-onboarding` → `smot-onboarding`. */
export function shippedFlowOf(demoFlowId: string): string | null {
  return demoFlowId.startsWith('demo-') ? demoFlowId.slice('demo-'.length) : null;
}

/** The demo flows' waits are divided by `--speed` up to this much: shorter ones leave no time to answer. */
export const MAX_FLOW_SPEED = 10;

/** How much faster than published the demo flows run at `--speed` `speed`. */
export function flowSpeedOf(speed: number): number {
  return Math.min(speed, MAX_FLOW_SPEED);
}

/**
 * A demo flow's source with every wait, timeout, goal window and frequency-cap window divided by
 * `speed` (to a tenth of a second, never under a second unless it already was), and a comment
 * saying so; the source itself at speed 1.
 */
export function scaleFlowSource(source: string, speed: number): string {
  if (speed === 1) return source;
  const scaled = source.replace(
    /^(\s*(?:-\s+)?(?:duration|timeout|within):\s*)(P[0-9A-Z.]+)/gm,
    (line, key: string, text: string) => {
      const ms = fixedIsoDurationMs(text);
      if (ms === null) return line;
      const tenths = Math.round(Math.max(Math.min(ms, 1000), ms / speed) / 100);
      return `${key}PT${tenths % 10 === 0 ? tenths / 10 : (tenths / 10).toFixed(1)}S`;
    },
  );
  return `# postventa demo --speed ${speed}: the waits of flows/demo divided by ${speed}.\n${scaled}`;
}

/** The demo flows of `dir` with their waits divided by `speed` (see `scaleFlowSource`). */
export function loadDemoFlows(
  dir: string,
  templatesDir: string,
  speed: number,
): { flows: FlowFile[]; issues: FlowIssue[] } {
  const loaded = loadFlowDirectory(dir, templatesDir);
  if (speed === 1 || loaded.issues.length > 0) return loaded;
  const flows: FlowFile[] = [];
  const issues: FlowIssue[] = [];
  for (const flow of loaded.flows) {
    const result = flowFromSource(scaleFlowSource(flow.source, speed), flow.file, loaded.templates);
    if (result.flow) flows.push(result.flow);
    else issues.push(...result.issues);
  }
  return { flows, issues };
}

/**
 * The demo's flows, published the way `postventa flows publish` does (on DATABASE_URL): before the
 * store opens, the demo flows (`demo-<id>`, fast copies of the shipped flows) are published and
 * made active, and each active shipped flow they copy is paused, so a demo customer gets one
 * journey, not two; afterwards the demo flows are archived and the paused flows resumed. Running
 * journeys finish either way.
 */
export class DemoFlows {
  /** Shipped flows this run paused, to resume at the end. */
  private paused: string[] = [];
  private demoIds: string[] = [];

  constructor(
    private readonly databaseUrl: string,
    private readonly runMigrationsFirst: boolean,
    private readonly templatesDir: string,
    private readonly say: (line: string) => void,
  ) {}

  /** Publishes the demo flows of `demoDir`, their waits divided by `speed`, and pauses the shipped ones. */
  async open(demoDir: string, speed = 1): Promise<void> {
    if (!existsSync(demoDir))
      throw new Error(`demo flow folder ${demoDir} not found: run the demo from the project folder`);
    const loaded = loadDemoFlows(demoDir, this.templatesDir, speed);
    if (loaded.issues.length > 0) throw new Error(`the demo flows have problems:\n${formatFlowIssues(loaded.issues)}`);
    this.demoIds = loaded.flows.map((f) => f.definition.id);
    await this.withPublisher(async (publisher) => {
      const published = await publisher.publish(loaded.flows, new Date());
      const status = new Map((await publisher.list()).map((f) => [f.flow_id, f.status]));
      for (const id of this.demoIds) if (status.get(id) !== 'active') await publisher.setStatus(id, 'active');
      for (const r of published)
        this.say(`  ${r.flow_id} v${r.number}: ${r.action === 'published' ? 'published' : 'unchanged'}, active`);
      const shipped = this.demoIds.map(shippedFlowOf).filter((id): id is string => id !== null);
      this.paused = shipped.filter((id) => status.get(id) === 'active');
      for (const id of this.paused) await publisher.setStatus(id, 'paused');
    });
    if (this.paused.length > 0)
      this.say(
        `  paused for the demo: ${this.paused.join(', ')} (resumed when it ends; if it is killed: npx postventa flows resume <id>)`,
      );
  }

  /** Archives the demo flows and resumes the shipped flows `open` paused. */
  async close(): Promise<void> {
    await this.withPublisher(async (publisher) => {
      for (const id of this.demoIds) await publisher.setStatus(id, 'archived');
      for (const id of this.paused) await publisher.setStatus(id, 'active');
    });
    this.say(
      `  archived: ${this.demoIds.join(', ')}${this.paused.length ? `; active again: ${this.paused.join(', ')}` : ''}`,
    );
    this.paused = [];
  }

  private async withPublisher(work: (publisher: FlowPublisher) => Promise<void>): Promise<void> {
    const dataSource = createDataSource({ url: this.databaseUrl, poolSize: 2, applicationName: 'postventa-demo' });
    await dataSource.initialize();
    try {
      if (this.runMigrationsFirst) await runMigrations(dataSource);
      await work(new FlowPublisher(new TransactionRunner(dataSource)));
    } finally {
      await dataSource.destroy();
    }
  }
}
