import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { Command } from 'commander';
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

function statusCommand(name: string, status: FlowStatus, description: string): Command {
  const command = new Command(name).description(description).argument('<flowId>', 'the flow id');
  if (status !== 'active') {
    command.option(
      '--stop-journeys',
      'also end the journeys already in the flow (exit reason recorded, pending waits cancelled, no further email)',
    );
  }
  return command.action(async (flowId: string, options: { stopJourneys?: boolean }) => {
    const result = await withPublisher((p) =>
      p.setStatus(flowId, status, { stopJourneys: options.stopJourneys === true }),
    );
    const stopped = options.stopJourneys ? `; ${result.stoppedJourneys} running journey(s) stopped` : '';
    out(`${flowId}: ${status}${stopped}`);
  });
}

/** `postventa flows ...`: check, publish and look after flows; simulate one on a timeline. */
export function flowsCommand(): Command {
  const flows = new Command('flows').description('validate, publish, pause, resume, archive, list and simulate flows');

  flows
    .command('validate')
    .description('check every *.yaml flow in a folder (templates from <dir>/templates); exits 1 on any problem')
    .argument('<dir>', 'folder of flow files')
    .option('--templates <dir>', 'folder whose subfolders are the template ids (default <dir>/templates)')
    .action((dir: string, options: { templates?: string }) => {
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
    });

  flows
    .command('publish')
    .description('publish the flows of a folder: a flow whose content changed becomes a new version (DATABASE_URL)')
    .argument('<dir>', 'folder of flow files')
    .option('--templates <dir>', 'folder whose subfolders are the template ids (default <dir>/templates)')
    .action(async (dir: string, options: { templates?: string }) => {
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
    });

  flows.addCommand(
    statusCommand('pause', 'paused', 'stop new journeys of a flow (running journeys go on, unless --stop-journeys)'),
  );
  flows.addCommand(statusCommand('resume', 'active', 'let new journeys of a paused or archived flow start again'));
  flows.addCommand(
    statusCommand(
      'archive',
      'archived',
      'retire a flow: no new journeys (running journeys go on, unless --stop-journeys)',
    ),
  );

  flows
    .command('list')
    .description('published flows: newest version, status, versions, open journeys')
    .action(async () => {
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
    });

  flows
    .command('simulate')
    .description(
      'run a flow on a timeline of events (JSON Lines) with a virtual clock and print the path; no services needed',
    )
    .argument('<flow>', 'a flow YAML file')
    .requiredOption('--events <file>', 'timeline: one CloudEvent per line')
    .option(
      '--templates <dir>',
      "check template ids against this folder (default: the flow folder's templates/, when present)",
    )
    .option('--email <address>', "the customer's email")
    .option('--locale <locale>', "the customer's locale")
    .option('--timezone <zone>', "the customer's IANA time zone (quiet hours, until_time)")
    .option('--horizon <duration>', 'keep firing timers this long after the last event (ISO 8601)', 'P90D')
    .action(
      (
        flowFile: string,
        options: {
          events: string;
          templates?: string;
          email?: string;
          locale?: string;
          timezone?: string;
          horizon: string;
        },
      ) => {
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
      },
    );

  return flows;
}
