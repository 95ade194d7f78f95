import { sleep } from '@postventa/platform';
import { emailLinks } from './demo-email-links';
import type { DemoGatewayClient } from './demo-gateway.client';
import type { DemoInbox } from './demo-inbox.client';
import { DemoRandom } from './demo-random';

export interface AlertDeskStats {
  /** Alerts about this run's customers the support leads were emailed about. */
  alertEmails: number;
  acknowledged: number;
  assigned: number;
  resolved: number;
  failures: number;
}

export interface SupportPerson {
  name: string;
  email: string;
}

interface AlertJson {
  id: string;
  customer_id: string;
  state: string;
  team: string | null;
  owner: string | null;
}

/** How often the support leads read their email, and triage through the admin API, at flow speed 1. */
const POLL_MS = 4000;
const TRIAGE_MS = 10_000;
/** Most alerts the desk acknowledges through email links (each one is a paced link request). */
const MAX_LINK_ACKS = 40;

/**
 * The demo's support leads: they read the alert emails Postventa sends them (the captured mail of
 * the team members in TEAMS_FILE), acknowledge some through the signed "Acknowledge and take
 * ownership" link, and — with an admin key — assign some to a colleague and resolve a few through
 * the admin API. Only alerts about this run's customers are touched.
 */
export class DemoAlertDesk {
  readonly stats: AlertDeskStats = { alertEmails: 0, acknowledged: 0, assigned: 0, resolved: 0, failures: 0 };
  private readonly seen = new Set<string>();
  private readonly handled = new Set<string>();
  private readonly random: DemoRandom;
  private readonly customerPattern: RegExp;
  private loop?: Promise<void>;
  private finishing = false;
  private stopped = false;
  private readonly abort = new AbortController();
  /** Cuts the wait between two rounds short when the run finishes. */
  private readonly wake = new AbortController();
  private lastAdminRound = 0;
  private readonly runPrefix: string;
  private readonly pollMs: number;
  private readonly triageMs: number;

  constructor(
    private readonly gateway: DemoGatewayClient,
    private readonly inbox: DemoInbox,
    private readonly people: readonly SupportPerson[],
    runId: string,
    seed: number,
    /** How much faster than published the demo flows run: the leads keep up with them. */
    flowSpeed = 1,
  ) {
    this.pollMs = Math.max(1000, POLL_MS / flowSpeed);
    this.triageMs = Math.max(2000, TRIAGE_MS / flowSpeed);
    this.random = new DemoRandom(seed).fork('alert-desk');
    // The demo's customer addresses end in <run id><4 digits>@example.<tld>.
    this.customerPattern = new RegExp(`[.]${runId}\\d{4}@example[.](?:com|org|net)`);
    this.runPrefix = `demo_${runId}_`;
  }

  start(): void {
    this.loop ??= this.run();
  }

  /** One last round — the alert emails that came meanwhile, a triage — and the desk closes. */
  async finish(): Promise<void> {
    this.finishing = true;
    this.wake.abort();
    this.start();
    await this.loop;
  }

  stop(): void {
    this.stopped = true;
    this.abort.abort();
    this.wake.abort();
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      const last = this.finishing;
      try {
        await this.readAlertEmails();
        if (this.gateway.hasAdmin && (last || Date.now() - this.lastAdminRound > this.triageMs)) {
          this.lastAdminRound = Date.now();
          await this.triage();
        }
      } catch {
        this.stats.failures++;
      }
      if (last) return;
      await sleep(this.pollMs, this.wake.signal);
    }
  }

  /** Alert emails to the team members: acknowledge some through their link. */
  private async readAlertEmails(): Promise<void> {
    for (const person of this.people) {
      for (const message of await this.inbox.messages(person.email)) {
        if (this.seen.has(message.id)) continue;
        this.seen.add(message.id);
        if (!this.customerPattern.test(message.html ?? message.text ?? '')) continue;
        const ack = emailLinks(message.html, message.headers).acknowledges[0];
        if (!ack || this.handled.has(ack.alertId)) continue;
        this.handled.add(ack.alertId);
        this.stats.alertEmails++;
        if (this.stats.acknowledged >= MAX_LINK_ACKS || !this.random.chance(0.4)) continue;
        const status = await this.gateway.link(ack.url, {}, this.abort.signal);
        if (status === 200) this.stats.acknowledged++;
        else this.stats.failures++;
      }
    }
  }

  /** With the admin API: assign some open alerts of this run to a colleague, resolve a few acknowledged ones. */
  private async triage(): Promise<void> {
    if (this.people.length === 0) return;
    for (const state of ['open', 'acknowledged'] as const) {
      const page = await this.gateway.admin<{ alerts: AlertJson[] }>('GET', `/v1/alerts?state=${state}&limit=500`);
      for (const alert of page?.alerts ?? []) {
        if (!alert.customer_id.startsWith(this.runPrefix)) continue;
        const key = `${state}:${alert.id}`;
        if (this.handled.has(key)) continue;
        this.handled.add(key);
        const actor = this.people.find((p) => p.email === alert.owner) ?? this.people[0];
        if (state === 'open' && this.random.chance(0.2)) {
          const colleague = this.people.find((p) => p.email !== actor.email && p.email !== alert.owner) ?? actor;
          const done = await this.gateway.admin('POST', `/v1/alerts/${encodeURIComponent(alert.id)}/assign`, {
            owner: colleague.email,
            actor: actor.email,
            note: `Passing this to ${colleague.name}, who knows the customer.`,
          });
          if (done) this.stats.assigned++;
        } else if (state === 'acknowledged' && this.random.chance(0.3)) {
          const done = await this.gateway.admin('POST', `/v1/alerts/${encodeURIComponent(alert.id)}/resolve`, {
            actor: alert.owner ?? actor.email,
            note: 'Called the customer; a replacement is on its way.',
          });
          if (done) this.stats.resolved++;
        } else if (state === 'open' && this.random.chance(0.25)) {
          const done = await this.gateway.admin('POST', `/v1/alerts/${encodeURIComponent(alert.id)}/acknowledge`, {
            actor: alert.owner ?? actor.email,
            note: 'On it.',
          });
          if (done) this.stats.acknowledged++;
        }
      }
    }
  }
}
