import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { validateEvent } from '@postventa/contracts';
import {
  formatFlowIssues,
  formatSimulation,
  loadFlowFromYaml,
  simulate,
  type CustomerProfile,
  type EventEnvelope,
  type FlowIssue,
} from '@postventa/journeys';
import { createDataSource, runMigrations, TransactionRunner } from '@postventa/persistence';
import { AppConfig } from '@postventa/platform';
import {
  FlowPublisher,
  type FlowStatus,
  formatPublishResult,
  loadFlowDirectory,
  templateIdsIn,
} from '@postventa/flows';

/** The work of the `postventa flows` commands, loaded when one of them runs (flows.command.ts declares them). */

export interface SimulateOptions {
  events: string;
  templates?: string;
  email?: string;
  locale?: string;
  timezone?: string;
  horizon: string;
}

function out(text: string): void {
  process.stdout.write(`${text}\n`);
}

/** Validates a folder of flows; prints one line per problem and returns how many there were. */
export function validateFlowsIn(
  dir: string,
  templatesDir?: string,
): { flows: number; issues: FlowIssue[]; templates?: ReadonlySet<string> } {
  const loaded = loadFlowDirectory(dir, templatesDir ?? join(dir, 'templates'));
  return { flows: loaded.flows.length, issues: loaded.issues, templates: loaded.templates };
}

async function withPublisher<T>(work: (publisher: FlowPublisher) => Promise<T>): Promise<T> {
  const config = AppConfig.fromEnvironment(process.env);
  const dataSource = createDataSource({
    url: config.require('DATABASE_URL'),
    poolSize: 2,
    applicationName: 'postventa-flows',
  });
  await dataSource.initialize();
  try {
    if (config.get('RUN_MIGRATIONS')) await runMigrations(dataSource);
    return await work(new FlowPublisher(new TransactionRunner(dataSource)));
  } finally {
    await dataSource.destroy();
  }
}

/** Reads a JSON Lines timeline of CloudEvents; every bad line is reported with its number. */
export function readTimeline(file: string): { events: EventEnvelope[]; problems: string[] } {
  const events: EventEnvelope[] = [];
  const problems: string[] = [];
  readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .forEach((line, index) => {
      if (line.trim() === '' || line.trim().startsWith('#')) return;
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch (error) {
        problems.push(`${file}:${index + 1} not JSON: ${(error as Error).message}`);
        return;
      }
      const result = validateEvent(value);
      if (result.ok) events.push(result.event);
      else
        problems.push(
          `${file}:${index + 1} ${result.error.path ? `${result.error.path}: ` : ''}${result.error.message}`,
        );
    });
  return { events, problems };
}

/** `postventa flows validate`. */
export function validateFlows(dir: string, options: { templates?: string }): void {
  const { flows: valid, issues, templates } = validateFlowsIn(dir, options.templates);
  if (issues.length > 0) out(formatFlowIssues(issues));
  const files = new Set(issues.map((i) => i.file)).size;
  const note = templates ? '' : ' (no templates folder: template ids not checked)';
  if (issues.length > 0) {
    process.stderr.write(`${issues.length} problem(s) in ${files} file(s); ${valid} flow(s) valid${note}\n`);
    process.exitCode = 1;
  } else {
    out(`${valid} flow(s) valid${note}`);
  }
}

/** `postventa flows publish`. */
export async function publishFlows(dir: string, options: { templates?: string }): Promise<void> {
  const loaded = loadFlowDirectory(dir, options.templates ?? join(dir, 'templates'));
  if (loaded.issues.length > 0) {
    out(formatFlowIssues(loaded.issues));
    throw new Error(
      `nothing published: ${loaded.issues.length} problem(s) to fix first (see \`postventa flows validate ${dir}\`)`,
    );
  }
  const results = await withPublisher((p) => p.publish(loaded.flows, new Date()));
  for (const r of results) out(formatPublishResult(r));
  const published = results.filter((r) => r.action === 'published').length;
  out(`${published} published, ${results.length - published} unchanged`);
}

/** `postventa flows pause|resume|archive`. */
export async function setFlowStatus(
  flowId: string,
  status: FlowStatus,
  options: { stopJourneys?: boolean },
): Promise<void> {
  const result = await withPublisher((p) =>
    p.setStatus(flowId, status, { stopJourneys: options.stopJourneys === true }),
  );
  const stopped = options.stopJourneys ? `; ${result.stoppedJourneys} running journey(s) stopped` : '';
  out(`${flowId}: ${status}${stopped}`);
}

/** `postventa flows list`. */
export async function listFlows(): Promise<void> {
  const rows = await withPublisher((p) => p.list());
  if (rows.length === 0) return out('no flows published (see `postventa flows publish <dir>`)');
  const table = rows.map((r) => [
    r.flow_id,
    r.status,
    `v${r.number}`,
    r.version,
    String(r.versions),
    String(r.open_journeys),
    new Date(r.published_at).toISOString(),
  ]);
  const header = ['FLOW', 'STATUS', 'VERSION', 'HASH', 'VERSIONS', 'OPEN', 'PUBLISHED'];
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => row[i].length)));
  for (const row of [header, ...table])
    out(
      row
        .map((cell, i) => cell.padEnd(widths[i]))
        .join('  ')
        .trimEnd(),
    );
}

/** `postventa flows simulate`. */
export function simulateFlow(flowFile: string, options: SimulateOptions): void {
  const templates = templateIdsIn(options.templates ?? join(dirname(resolve(flowFile)), 'templates'));
  const loaded = loadFlowFromYaml(readFileSync(flowFile, 'utf8'), flowFile, templates ? { templates } : {});
  if (!loaded.ok) {
    out(formatFlowIssues(loaded.errors));
    throw new Error(`${flowFile} is not a valid flow`);
  }
  const timeline = readTimeline(options.events);
  if (timeline.problems.length > 0) {
    out(timeline.problems.join('\n'));
    throw new Error(`${options.events}: ${timeline.problems.length} bad line(s)`);
  }
  if (timeline.events.length === 0) throw new Error(`${options.events} has no events`);
  const customer: CustomerProfile = { id: timeline.events[0].subject };
  if (options.email) customer.email = options.email;
  if (options.locale) customer.locale = options.locale;
  if (options.timezone) customer.timezone = options.timezone;
  const result = simulate(loaded.flow, timeline.events, { customer, horizon: options.horizon });
  out(formatSimulation(result));
  const commands = result.entries.filter((e) => e.kind === 'command').length;
  const open = result.journeys.filter((j) => j.status === 'active' || j.status === 'waiting').length;
  out(
    `# ${result.journeys.length} journey(s), ${commands} command(s), ${open} still open, ${result.pending.length} timer(s) pending at the horizon`,
  );
}
