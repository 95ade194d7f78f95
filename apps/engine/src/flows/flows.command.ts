import { Command } from 'commander';
import type { FlowStatus } from '@postventa/flows';
import type * as FlowsRunner from './flows.runner';
import type { SimulateOptions } from './flows.runner';

/** The commands' work (flows, the database) is loaded only when one of them runs. */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded when needed; the build keeps import() native
const runner = (): typeof FlowsRunner => require('./flows.runner');

function statusCommand(name: string, status: FlowStatus, description: string): Command {
  const command = new Command(name).description(description).argument('<flowId>', 'the flow id');
  if (status !== 'active') {
    command.option(
      '--stop-journeys',
      'also end the journeys already in the flow (exit reason recorded, pending waits cancelled, no further email)',
    );
  }
  return command.action((flowId: string, options: { stopJourneys?: boolean }) =>
    runner().setFlowStatus(flowId, status, options),
  );
}

/** `postventa flows ...`: check, publish and look after flows; simulate one on a timeline. */
export function flowsCommand(): Command {
  const flows = new Command('flows').description('validate, publish, pause, resume, archive, list and simulate flows');

  flows
    .command('validate')
    .description('check every *.yaml flow in a folder (templates from <dir>/templates); exits 1 on any problem')
    .argument('<dir>', 'folder of flow files')
    .option('--templates <dir>', 'folder whose subfolders are the template ids (default <dir>/templates)')
    .action((dir: string, options: { templates?: string }) => runner().validateFlows(dir, options));

  flows
    .command('publish')
    .description('publish the flows of a folder: a flow whose content changed becomes a new version (DATABASE_URL)')
    .argument('<dir>', 'folder of flow files')
    .option('--templates <dir>', 'folder whose subfolders are the template ids (default <dir>/templates)')
    .action((dir: string, options: { templates?: string }) => runner().publishFlows(dir, options));

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
    .action(() => runner().listFlows());

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
    .action((flowFile: string, options: SimulateOptions) => runner().simulateFlow(flowFile, options));

  return flows;
}
