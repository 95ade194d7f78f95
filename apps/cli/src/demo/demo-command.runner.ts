import { resolve } from 'node:path';
import { InvalidArgumentError } from 'commander';
import { AppConfig } from '@postventa/platform';
import type { DemoFlags } from './demo.command';
import { DemoError, describeFetchError } from './demo-gateway.client';
import { runDemo, type DemoSummary } from './demo.runner';

/** What `postventa demo` does once its command line is read (loaded only when it runs). */
export async function runDemoCommand(flags: DemoFlags): Promise<void> {
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
