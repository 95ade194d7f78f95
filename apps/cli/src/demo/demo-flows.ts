import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { flowsCommand } from '../../../engine/src';

export type FlowStatus = 'active' | 'paused' | 'archived';

/** The `id:` of each flow file directly in `dir`. */
export function flowIdsIn(dir: string): string[] {
  return readdirSync(dir)
    .filter((name) => /\.ya?ml$/i.test(name))
    .sort()
    .map((name) => /^id\s*:\s*([^\s#]+)/m.exec(readFileSync(join(dir, name), 'utf8'))?.[1])
    .filter((id): id is string => id !== undefined);
}

/** Reads the table `postventa flows list` prints: flow id → status. */
export function parseFlowList(text: string): Map<string, FlowStatus> {
  const statuses = new Map<string, FlowStatus>();
  for (const line of text.split('\n').slice(1)) {
    const [id, status] = line.trim().split(/\s{2,}/);
    if (id && (status === 'active' || status === 'paused' || status === 'archived')) statuses.set(id, status);
  }
  return statuses;
}

/**
 * The demo's flows, managed with `postventa flows ...` (the command's own code, on DATABASE_URL):
 * before the store opens, the demo flows (`demo-<id>`, fast copies of the shipped flows) are
 * published and made active and each shipped flow they copy is paused, so a demo customer gets one
 * journey, not two; afterwards the demo flows are archived and the paused flows resumed. Running
 * journeys finish either way.
 */
export class DemoFlows {
  /** Shipped flows this run paused, to resume at the end. */
  private paused: string[] = [];
  private demoIds: string[] = [];

  constructor(
    private readonly templatesDir: string,
    private readonly say: (line: string) => void,
  ) {}

  async open(demoDir: string): Promise<void> {
    if (!existsSync(demoDir))
      throw new Error(`demo flow folder ${demoDir} not found: run the demo from the project folder`);
    this.demoIds = flowIdsIn(demoDir);
    await this.run(['publish', demoDir, '--templates', this.templatesDir]);
    const statuses = await this.list();
    for (const id of this.demoIds) if (statuses.get(id) !== 'active') await this.run(['resume', id]);
    const shipped = this.demoIds.map((id) => id.replace(/^demo-/, '')).filter((id) => statuses.get(id) === 'active');
    for (const id of shipped) await this.run(['pause', id]);
    this.paused = shipped;
    if (shipped.length > 0)
      this.say(
        `  paused for the demo: ${shipped.join(', ')} (resumed when it ends; if it is killed: npx postventa flows resume <id>)`,
      );
  }

  /** Archives the demo flows and resumes the shipped flows `open` paused. */
  async close(): Promise<void> {
    for (const id of this.demoIds) await this.run(['archive', id]);
    for (const id of this.paused) await this.run(['resume', id]);
    this.paused = [];
  }

  private async list(): Promise<Map<string, FlowStatus>> {
    return parseFlowList(await this.run(['list'], false));
  }

  /**
   * Runs `postventa flows <args>`; its lines are printed indented (or only returned). The command
   * writes to stdout, so stdout is collected while it runs.
   */
  private async run(args: string[], print = true): Promise<string> {
    const stdout = process.stdout;
    const write = stdout.write;
    let text = '';
    stdout.write = ((chunk: string | Uint8Array) => {
      text += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
      return true;
    }) as typeof stdout.write;
    try {
      await flowsCommand().parseAsync(args, { from: 'user' });
    } finally {
      stdout.write = write;
    }
    if (print) for (const line of text.split('\n').filter((l) => l.trim() !== '')) this.say(`  ${line}`);
    return text;
  }
}
