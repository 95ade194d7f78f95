import { Command, InvalidArgumentError } from 'commander';
import type * as DemoRunner from './demo-command.runner';

/** The command line of `postventa demo`. */
export interface DemoFlags {
  customers: number;
  new?: number;
  seed: number;
  duration: number;
  speed: number;
  settle: number;
  responseRate?: number;
  runId?: string;
  gateway?: string;
  apiKey?: string;
  adminKey?: string;
  capture?: string;
  flows: boolean;
  keepFlows?: boolean;
  progress: boolean;
}

const number =
  (name: string, min: number, max: number, integer = false) =>
  (text: string): number => {
    const value = Number(text);
    if (!Number.isFinite(value) || value < min || value > max || (integer && !Number.isInteger(value)))
      throw new InvalidArgumentError(
        `${name} must be ${integer ? 'a whole number' : 'a number'} from ${min} to ${max}`,
      );
    return value;
  };

const HELP = `
What it does, on the Postventa that \`npm start\` runs (in another terminal):
  1. publishes the demo flows (flows/demo: copies of the shipped flows, ids prefixed demo-, with seconds
     and minutes instead of days; --speed divides those too) and pauses the shipped flows they copy;
  2. sends a synthetic store's events to POST /v1/events: customers (es, en, pt; addresses at
     example.com/.org/.net) placing, paying, receiving and using orders, SaaS sign-ups, activations and
     milestones, cancellations, refunds, returns, support tickets and repeat purchases;
  3. meanwhile its customers read their email in the SMTP capture, answer the NPS and CSAT surveys
     through the signed links (some with a comment), open emails, click review and referral links and
     unsubscribe; support leads acknowledge alerts from their alert emails and, with an admin key,
     assign and resolve some through the admin API;
  4. archives the demo flows and resumes the shipped ones (unless --keep-flows), prints a summary and
     the addresses to open. It stops early when every customer has answered what they were going to.

It finds the gateway, the SMTP capture and the database the way the other commands do: from the
environment, else from what \`npm start\` left in the data folder (POSTVENTA_DATA_DIR). The events
need an ingest key (INGEST_API_KEYS or --api-key); alerts triage and the KPI summary need an admin key
(ADMIN_API_KEYS or --admin-key). The same --seed gives the same store; each run has its own ids.

Examples:
  npm run demo
  npm run demo -- --customers 200 --duration 60
  npm run demo -- --customers 100 --duration 20 --speed 5     # whole journeys in about a minute
  npx postventa demo --customers 5000 --duration 300 --seed 7
`;

/** `postventa demo` (`npm run demo`): fills a running Postventa with a synthetic store's life. */
export function demoCommand(): Command {
  return new Command('demo')
    .description('run a synthetic store against the running Postventa, so that every dashboard panel fills')
    .option('--customers <n>', 'customers in the store', number('--customers', 1, 100_000, true), 2000)
    .option(
      '--new <n>',
      'how many customers are new — first order or sign-up during the demo, with the onboarding emails and surveys ' +
        '(default: all of them up to 400); the others are existing customers ' +
        'who use what they bought, open tickets, buy again and ask for refunds',
      number('--new', 0, 100_000, true),
    )
    .option('--seed <n>', 'seed of the store, the stories and the answers', number('--seed', 0, 2 ** 32 - 1, true), 42)
    .option('--duration <seconds>', 'how long the store sends events', number('--duration', 10, 86_400), 120)
    .option(
      '--speed <x>',
      "divides the gaps within each customer's story and the demo flows' waits (these by 10 at most): " +
        'whole journeys in less time',
      number('--speed', 0.1, 100),
      1,
    )
    .option(
      '--settle <seconds>',
      'how long at most to go on answering surveys and alerts after the last event (up to half again while emails still arrive)',
      number('--settle', 0, 3600),
      40,
    )
    .option(
      '--response-rate <0..1>',
      'share of customers who answer their surveys (default: what the link rate limit lets through)',
      number('--response-rate', 0, 1),
    )
    .option('--run-id <id>', 'tag of this run in ids and addresses (default: from the clock)')
    .option('--gateway <url>', 'gateway base URL (default: http://HTTP_HOST:GATEWAY_PORT)')
    .option('--api-key <key>', 'ingest key for POST /v1/events (default: the first of INGEST_API_KEYS)')
    .option('--admin-key <key>', 'admin API key (default: the first of ADMIN_API_KEYS)')
    .option('--capture <url>', 'SMTP capture HTTP API (default: SMTP_CAPTURE_URL)')
    .option('--no-flows', 'publish, pause and resume no flows: use the flows already published')
    .option('--keep-flows', 'at the end, leave the demo flows active and the shipped flows they copy paused')
    .option('--no-progress', 'no progress bars')
    .addHelpText('after', HELP)
    .action(async (flags: DemoFlags) => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded when the command runs, not for --help
      await (require('./demo-command.runner') as typeof DemoRunner).runDemoCommand(flags);
    });
}
