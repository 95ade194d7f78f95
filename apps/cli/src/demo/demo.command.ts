import { resolve } from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { AppConfig } from '@postventa/platform';
import { DemoError, describeFetchError } from './demo-gateway.client';
import { runDemo, type DemoSummary } from './demo.runner';

interface DemoFlags {
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
      const config = AppConfig.fromEnvironment(process.env);
      if (flags.runId !== undefined && !/^[a-z0-9]{1,16}$/.test(flags.runId))
        throw new InvalidArgumentError('--run-id must be 1 to 16 lowercase letters and digits');
      const host = config.get('HTTP_HOST');
      const gatewayHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
      const abort = new AbortController();
      const onSignal = () => abort.abort();
      process.once('SIGINT', onSignal);
      const say = (line: string) => process.stdout.write(`${line}\n`);
      try {
        const summary = await runDemo(
          {
            customers: flags.customers,
            newCustomers: flags.new,
            seed: flags.seed,
            durationSeconds: flags.duration,
            speed: flags.speed,
            settleSeconds: flags.settle,
            responseRate: flags.responseRate,
            runId: flags.runId,
            gatewayUrl: (flags.gateway ?? `http://${gatewayHost}:${config.get('GATEWAY_PORT')}`).replace(/\/$/, ''),
            ingestKey: flags.apiKey ?? config.get('INGEST_API_KEYS')[0],
            adminKey: flags.adminKey ?? config.get('ADMIN_API_KEYS')[0],
            captureUrl: (flags.capture ?? config.get('SMTP_CAPTURE_URL'))?.replace(/\/$/, ''),
            demoFlowsDir: flags.flows ? resolve(config.get('FLOWS_DIR'), 'demo') : null,
            keepFlows: flags.keepFlows === true,
            databaseUrl: config.get('DATABASE_URL'),
            runMigrations: config.get('RUN_MIGRATIONS'),
            templatesDir: resolve(config.get('TEMPLATES_DIR')),
            teamsFile: resolve(config.get('TEAMS_FILE')),
            linkRateLimit: config.get('LINK_RATE_LIMIT'),
            linkRateWindowSeconds: config.get('LINK_RATE_WINDOW_SECONDS'),
            batchSize: config.get('INGEST_MAX_BATCH'),
            progress: flags.progress ? process.stderr : null,
            signal: abort.signal,
          },
          say,
        );
        say(formatSummary(summary));
      } catch (error) {
        if (error instanceof DemoError) throw new Error(`demo: ${error.message}`);
        if (error instanceof TypeError && error.message === 'fetch failed')
          throw new Error(`demo: ${describeFetchError(error)}`);
        throw error;
      } finally {
        process.off('SIGINT', onSignal);
      }
    });
}

/** The longest single wait of the demo flows (5 minutes as published) at `flowSpeed`. */
function longestWait(flowSpeed: number): string {
  const seconds = Math.round(300 / flowSpeed);
  return seconds % 60 === 0 ? `${seconds / 60} minute${seconds === 60 ? '' : 's'}` : `${seconds} s`;
}

/** The closing report: what the store did and where to look. */
export function formatSummary(s: DemoSummary): string {
  const languages = Object.entries(s.byLanguage)
    .map(([language, count]) => `${language} ${count}`)
    .join(', ');
  const nps = s.surveys;
  const lines = [
    '',
    `Demo run ${s.runId} (seed ${s.seed}) finished in ${s.seconds} s.`,
    `  customers   ${s.customers} (${languages})`,
    `  events      ${s.events.accepted} accepted of ${s.events.planned}${s.events.rejected ? `, ${s.events.rejected} rejected` : ''}: ` +
      `${s.stories.orders} orders (${s.stories.repeat_orders} repeat, ${s.stories.cancelled} cancelled, ${s.stories.refunds} refunded, ` +
      `${s.stories.returns} returned), ${s.stories.accounts} SaaS accounts, ${s.stories.tickets} tickets`,
    `  emails      ${nps.emailsSeen} read in ${nps.mailboxes} customers' mailboxes${s.kpis.emails_sent !== undefined ? `; ${s.kpis.emails_sent} sent today (KPIs)` : ''}`,
    `  answers     NPS ${nps.answers.nps} (${nps.promoters} promoters, ${nps.passives} passives, ${nps.detractors} detractors), ` +
      `CSAT ${nps.answers.csat}, CES ${nps.answers.ces}; ${nps.comments} comments — all through the signed links`,
    `  engagement  ${nps.opens} opens, ${nps.clicks} clicks, ${nps.unsubscribes} unsubscribes (${s.linkRequests.made} link requests)`,
    `  alerts      ${s.alerts.alertEmails} emailed to support leads, ${s.alerts.acknowledged} acknowledged, ${s.alerts.assigned} assigned, ${s.alerts.resolved} resolved` +
      `${s.kpis.alerts_raised !== undefined ? `; ${s.kpis.alerts_raised} raised today (KPIs)` : ''}`,
  ];
  if (Object.keys(s.kpis).length === 0) lines.push('  (no admin key: no KPI figures, no alert assignment)');
  lines.push(
    '',
    'Open:',
    `  dashboard   ${s.urls.dashboard}`,
    `  API docs    ${s.urls.docs}`,
    `  inbox       ${s.urls.inbox}`,
    `Journeys still waiting go on for a few minutes (the demo flows wait up to ${longestWait(s.flowSpeed)}).`,
  );
  return lines.join('\n');
}
