import { existsSync, readFileSync } from 'node:fs';
import { MultiBar, Presets, SingleBar } from 'cli-progress';
import { parseTeamsConfig } from '@postventa/alerts';
import { makeEvent } from '@postventa/contracts';
import { sleep } from '@postventa/platform';
import { DemoAlertDesk, type SupportPerson } from './demo-alert.desk';
import { DemoFlows, flowSpeedOf } from './demo-flows';
import { DemoError, DemoGatewayClient, LinkPacer } from './demo-gateway.client';
import { DemoInbox } from './demo-inbox.client';
import {
  defaultNewCustomers,
  generateDemoStore,
  newRunId,
  type DemoStore,
  type PlannedEvent,
} from './demo-store.generator';
import { DemoSurveyResponder } from './demo-survey.responder';

export interface DemoSettings {
  customers: number;
  /** How many customers are new (onboarded during the demo); default: `defaultNewCustomers`. */
  newCustomers?: number;
  seed: number;
  /** Seconds over which the store's events are sent. */
  durationSeconds: number;
  /**
   * Divides the gaps inside each customer's story and the waits of the demo flows it publishes
   * (these by `MAX_FLOW_SPEED` at most).
   */
  speed: number;
  /** Seconds to go on answering surveys and alerts after the last event. */
  settleSeconds: number;
  /** Share of customers who answer surveys; default: what the link rate limit lets through. */
  responseRate?: number;
  runId?: string;
  gatewayUrl: string;
  ingestKey?: string;
  adminKey?: string;
  captureUrl?: string;
  /** Where flows are published (the demo flows, pause and resume). */
  databaseUrl?: string;
  runMigrations: boolean;
  /** Folder of the demo flows; null: publish nothing, use the flows already published. */
  demoFlowsDir: string | null;
  /** At the end, leave the demo flows active and the shipped flows they copy paused. */
  keepFlows: boolean;
  templatesDir: string;
  teamsFile: string;
  linkRateLimit: number;
  linkRateWindowSeconds: number;
  batchSize: number;
  /** Progress bars on this stream; null: none. */
  progress: NodeJS.WritableStream | null;
  signal?: AbortSignal;
}

export interface DemoSummary {
  runId: string;
  seed: number;
  customers: number;
  byLanguage: Record<string, number>;
  events: { planned: number; accepted: number; rejected: number };
  stories: DemoStore['stories'];
  surveys: DemoSurveyResponder['stats'];
  alerts: DemoAlertDesk['stats'];
  linkRequests: { made: number; refused: number };
  /** From `GET /v1/kpis` when an admin key was given. */
  kpis: Record<string, number>;
  seconds: number;
  /** How much faster than published the demo flows ran (1 with --no-flows). */
  flowSpeed: number;
  urls: { dashboard: string; docs: string; inbox: string };
}

/**
 * The share of customers who answer their surveys, so that the answers fit in the link requests
 * the gateway allows one address during the run (answers get about 60 % of them): about 0.8
 * surveys per new customer, 0.1 per existing one (repeat orders, refunds). At most 60 %.
 */
export function defaultResponseRate(
  settings: Pick<
    DemoSettings,
    'customers' | 'newCustomers' | 'durationSeconds' | 'settleSeconds' | 'linkRateLimit' | 'linkRateWindowSeconds'
  >,
): number {
  const seconds = settings.durationSeconds + settings.settleSeconds;
  const budget = (settings.linkRateLimit / settings.linkRateWindowSeconds) * seconds * 0.6;
  const fresh = Math.min(settings.customers, settings.newCustomers ?? defaultNewCustomers(settings.customers));
  const surveys = fresh * 0.8 + (settings.customers - fresh) * 0.1;
  return Math.min(0.6, Math.max(0.03, budget / surveys));
}

/**
 * Runs the demo on a running Postventa: publishes the fast demo flows, sends the synthetic store's
 * events to `POST /v1/events` on its timeline while its customers answer their surveys through the
 * links of their emails and the support leads acknowledge alerts, then publishes the real flows
 * again and returns what happened.
 */
export async function runDemo(settings: DemoSettings, say: (line: string) => void): Promise<DemoSummary> {
  const began = Date.now();
  const pacer = new LinkPacer(Math.max(1, Math.floor(settings.linkRateLimit * 0.9)), settings.linkRateWindowSeconds);
  const gateway = new DemoGatewayClient(settings.gatewayUrl, settings.ingestKey ?? '', settings.adminKey, pacer);
  await gateway.checkRunning();
  if (!settings.ingestKey)
    throw new DemoError(
      'no ingest key: the demo sends its events to POST /v1/events like a store would. Start Postventa with ' +
        'INGEST_API_KEYS=<a key of 16+ characters> (and ADMIN_API_KEYS for the alerts and KPIs), and run the demo with ' +
        'the same variables or with --api-key / --admin-key.',
    );
  if (!settings.captureUrl)
    throw new DemoError(
      'SMTP_CAPTURE_URL is not set: the demo answers surveys through the emails Postventa sends, read from the local ' +
        'SMTP capture. Run it next to `npm start` without SMTP_URL (it finds the capture by itself), or pass --capture <url>.',
    );
  const inbox = new DemoInbox(settings.captureUrl);
  await inbox.check();

  const runId = settings.runId ?? newRunId(Date.now());
  const responseRate = settings.responseRate ?? defaultResponseRate(settings);
  const store = generateDemoStore({
    customers: settings.customers,
    seed: settings.seed,
    runId,
    durationMs: settings.durationSeconds * 1000,
    speed: settings.speed,
    responseRate,
    newCustomers: settings.newCustomers,
  });
  const fresh = store.customers.filter((c) => c.isNew).length;
  say(
    `demo run ${runId} (seed ${settings.seed}): ${store.customers.length} customers (${fresh} new), ` +
      `${store.events.length} events over ~${settings.durationSeconds} s; ` +
      `${Math.round(responseRate * 100)} % of customers answer their surveys`,
  );

  if (settings.demoFlowsDir && !settings.databaseUrl)
    throw new DemoError(
      'DATABASE_URL is not set: the demo publishes its flows in the database. `npm start` leaves it for the other ' +
        'commands when it runs a local PostgreSQL; otherwise set DATABASE_URL, or run with --no-flows.',
    );
  const flows = new DemoFlows(settings.databaseUrl ?? '', settings.runMigrations, settings.templatesDir, say);
  // The flows already published (--no-flows) run at their own pace.
  const flowSpeed = settings.demoFlowsDir ? flowSpeedOf(settings.speed) : 1;
  if (settings.demoFlowsDir) {
    say(`demo flows (${settings.demoFlowsDir}${flowSpeed !== 1 ? `, waits divided by ${flowSpeed}` : ''}):`);
    await flows.open(settings.demoFlowsDir, flowSpeed);
  }

  const people = supportPeople(settings.teamsFile);
  const startedAt = Date.now();
  const responder = new DemoSurveyResponder(gateway, inbox, store, startedAt, settings.seed, flowSpeed);
  const desk = new DemoAlertDesk(gateway, inbox, people, runId, settings.seed, flowSpeed);
  const sent = { accepted: 0, rejected: 0 };
  let settle: { start: number; total: number } | undefined;
  const bars = new DemoBars(settings.progress);
  bars.start(() => ({
    events: { total: store.events.length, sent: sent.accepted + sent.rejected, ...sent },
    surveys: { expected: responder.expectedAnswers, answered: responder.answered, stats: responder.stats },
    alerts: desk.stats,
    settle: settle && { total: settle.total, elapsed: Math.round((Date.now() - settle.start) / 1000) },
  }));
  const stopAll = () => {
    responder.stop();
    desk.stop();
  };
  settings.signal?.addEventListener('abort', stopAll, { once: true });
  let failure: unknown;
  try {
    responder.start();
    desk.start();
    await sendTimeline(store.events, startedAt, gateway, settings, (accepted, rejected) => {
      sent.accepted += accepted;
      sent.rejected += rejected;
    });
    settle = { start: Date.now(), total: settings.settleSeconds };
    const deadline = Date.now() + settings.settleSeconds * 1000;
    // A stack still working through its emails gets up to half the settling time more.
    await responder.finish(deadline, deadline + settings.settleSeconds * 500);
    await desk.finish();
  } catch (error) {
    failure = error;
  } finally {
    stopAll();
    bars.stop();
    settings.signal?.removeEventListener('abort', stopAll);
  }
  if (settings.demoFlowsDir && !settings.keepFlows) {
    say('demo flows (the demo journeys still running finish):');
    await flows.close().catch((error: Error) => say(`  not restored: ${error.message}`));
  }
  if (failure && !settings.signal?.aborted) throw failure;

  const byLanguage: Record<string, number> = {};
  for (const customer of store.customers) byLanguage[customer.language] = (byLanguage[customer.language] ?? 0) + 1;
  return {
    runId,
    seed: settings.seed,
    customers: store.customers.length,
    byLanguage,
    events: { planned: store.events.length, ...sent },
    stories: store.stories,
    surveys: responder.stats,
    alerts: desk.stats,
    linkRequests: { made: pacer.used, refused: pacer.refused },
    kpis: await kpiFigures(gateway),
    seconds: Math.round((Date.now() - began) / 1000),
    flowSpeed,
    urls: {
      dashboard: `${settings.gatewayUrl}/dashboard`,
      docs: `${settings.gatewayUrl}/docs`,
      inbox: `${settings.captureUrl}/messages`,
    },
  };
}

/** Sends each event when its time comes, in batches of up to `batchSize`, with the time it is sent at. */
async function sendTimeline(
  events: readonly PlannedEvent[],
  startedAt: number,
  gateway: DemoGatewayClient,
  settings: DemoSettings,
  onSent: (accepted: number, rejected: number) => void,
): Promise<void> {
  let next = 0;
  while (next < events.length) {
    if (settings.signal?.aborted) throw new DemoError('stopped');
    const elapsed = Date.now() - startedAt;
    if (events[next].at > elapsed) {
      await sleep(Math.min(250, events[next].at - elapsed), settings.signal);
      continue;
    }
    const batch: object[] = [];
    const time = new Date().toISOString();
    while (next < events.length && events[next].at <= elapsed && batch.length < settings.batchSize) {
      const planned = events[next++];
      batch.push(
        makeEvent(planned.type, planned.subject, planned.data, {
          id: planned.id,
          time,
          source: sourceOf(planned.type),
        }),
      );
    }
    const result = await gateway.postEvents(batch as Array<{ id: string }>);
    onSent(result.accepted, result.rejected.length);
    if (result.rejected.length > 0 && result.accepted === 0)
      throw new DemoError(
        `the gateway rejected a whole batch of demo events: ${result.rejected[0].code} ${result.rejected[0].message}`,
      );
  }
}

function sourceOf(type: string): string {
  if (type.startsWith('order.')) return 'https://shop.example.com';
  if (type.startsWith('ticket.')) return 'https://help.example.com';
  return 'https://app.example.com';
}

/** The members and escalation contacts of TEAMS_FILE: whose mail the demo's support leads read. */
function supportPeople(teamsFile: string): SupportPerson[] {
  if (!existsSync(teamsFile)) return [];
  const parsed = parseTeamsConfig(readFileSync(teamsFile, 'utf8'));
  if (!parsed.ok) return [];
  const people = new Map<string, SupportPerson>();
  for (const team of parsed.teams.teams)
    for (const person of team.members)
      people.set(person.email.toLowerCase(), { name: person.name, email: person.email });
  return [...people.values()];
}

/** A few stable figures of `GET /v1/kpis` (today), when the admin API is available. */
async function kpiFigures(gateway: DemoGatewayClient): Promise<Record<string, number>> {
  const kpis = await gateway.admin<Record<string, unknown>>('GET', '/v1/kpis?days=1').catch(() => null);
  if (!kpis) return {};
  const figures: Record<string, number> = {};
  const paths: Record<string, string> = {
    orders: 'funnel.orders',
    journeys_entered: 'funnel.journeys_entered',
    surveys_answered: 'funnel.surveys_answered',
    emails_sent: 'emails.totals.sent',
    alerts_raised: 'alerts.raised',
    nps: 'satisfaction.overall.nps.score',
  };
  for (const [name, path] of Object.entries(paths)) {
    const value = path
      .split('.')
      .reduce<unknown>((at, key) => (at as Record<string, unknown> | undefined)?.[key], kpis);
    if (typeof value === 'number') figures[name] = value;
  }
  return figures;
}

/**
 * One progress bar per phase — the store's events, the customers' surveys, the support leads'
 * alerts, the settling time after the last event — refreshed every second from the counters.
 */
class DemoBars {
  private readonly multi?: MultiBar;
  private readonly bars: Record<'events' | 'surveys' | 'alerts', SingleBar | undefined> = {
    events: undefined,
    surveys: undefined,
    alerts: undefined,
  };
  private settleBar?: SingleBar;
  private timer?: NodeJS.Timeout;

  constructor(stream: NodeJS.WritableStream | null) {
    if (!stream) return;
    this.multi = new MultiBar(
      {
        format: '{phase} [{bar}] {value}/{total} {detail}',
        hideCursor: true,
        clearOnComplete: false,
        stopOnComplete: false,
        noTTYOutput: true,
        notTTYSchedule: 10_000,
        stream: stream as NodeJS.WriteStream,
      },
      Presets.shades_classic,
    );
  }

  /** Starts refreshing the bars from what `read` returns. */
  start(read: () => BarFigures): void {
    if (!this.multi) return;
    const multi = this.multi;
    const refresh = () => {
      const f = read();
      const bar = (name: keyof DemoBars['bars'], label: string, total: number) =>
        (this.bars[name] ??= multi.create(Math.max(1, total), 0, { phase: label, detail: '' }));
      bar('events', 'events  ', f.events.total).update(f.events.sent, {
        detail: `accepted ${f.events.accepted}${f.events.rejected ? `, rejected ${f.events.rejected}` : ''}`,
      });
      const s = f.surveys;
      const surveys = bar('surveys', 'surveys ', s.expected);
      surveys.setTotal(Math.max(1, s.expected, s.answered));
      surveys.update(s.answered, {
        detail: `answered: NPS ${s.stats.answers.nps}, CSAT ${s.stats.answers.csat}; ${s.stats.emailsSeen} emails read, ${s.stats.opens} opens, ${s.stats.clicks} clicks, ${s.stats.unsubscribes} unsubscribes`,
      });
      const a = f.alerts;
      const alerts = bar('alerts', 'alerts  ', a.alertEmails);
      alerts.setTotal(Math.max(1, a.alertEmails));
      alerts.update(a.acknowledged, {
        detail: `acknowledged of those emailed to support leads; ${a.assigned} assigned, ${a.resolved} resolved`,
      });
      if (f.settle) {
        this.settleBar ??= multi.create(f.settle.total, 0, { phase: 'settling', detail: '' });
        this.settleBar.update(Math.min(f.settle.total, f.settle.elapsed), { detail: 's after the last event' });
      }
    };
    refresh();
    this.timer = setInterval(refresh, 1000);
  }

  stop(): void {
    clearInterval(this.timer);
    this.multi?.stop();
  }
}

interface BarFigures {
  events: { total: number; sent: number; accepted: number; rejected: number };
  surveys: { expected: number; answered: number; stats: DemoSurveyResponder['stats'] };
  alerts: DemoAlertDesk['stats'];
  settle?: { total: number; elapsed: number };
}
