import { existsSync } from 'node:fs';
import { FlowPublisher, loadFlowDirectory } from '@postventa/flows';
import { formatFlowIssues } from '@postventa/journeys';
import { createDataSource, runMigrations, TransactionRunner } from '@postventa/persistence';

/** The shipped flow a demo flow stands in for: `demo-smot-onboarding` → `smot-onboarding`. */
export function shippedFlowOf(demoFlowId: string): string | null {
  return demoFlowId.startsWith('demo-') ? demoFlowId.slice('demo-'.length) : null;
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

  async open(demoDir: string): Promise<void> {
    if (!existsSync(demoDir))
      throw new Error(`demo flow folder ${demoDir} not found: run the demo from the project folder`);
    const loaded = loadFlowDirectory(demoDir, this.templatesDir);
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
