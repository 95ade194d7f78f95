import { sleep } from '@postventa/platform';
import { surveyAnswer, surveyKindFromScores, type SurveyKind } from './demo-answers';
import { emailLinks } from './demo-email-links';
import type { DemoGatewayClient } from './demo-gateway.client';
import type { DemoInbox, InboxMessage } from './demo-inbox.client';
import { DemoRandom } from './demo-random';
import type { DemoCustomer, DemoStore } from './demo-store.generator';

/** What the demo's customers did with their email. */
export interface ResponderStats {
  /** Mailboxes looked at, and the emails found in them. */
  mailboxes: number;
  emailsSeen: number;
  answers: Record<SurveyKind, number>;
  /** NPS answers by group. */
  promoters: number;
  passives: number;
  detractors: number;
  comments: number;
  opens: number;
  clicks: number;
  unsubscribes: number;
  /** Link requests the gateway did not take (other than 2xx / 3xx). */
  failures: number;
}

/** Surveys a customer's story leads to, by kind, and when the first and last of them are due. */
export interface ExpectedSurveys {
  nps: number;
  csat: number;
  /** Orders delivered and never used: each brings a first-use help email. */
  unused: number;
  /** Milliseconds after the store opened when the first survey (or refund) email is due. */
  firstDueMs: number;
  /** Milliseconds after the store opened when the last one is due. */
  lastDueMs: number;
}

/** `demo-smot-onboarding` waits this long after the first use before its NPS survey. */
const NPS_WAIT_MS = 10_000;
/** `demo-refund-recovery` waits this long after the refund before its CSAT survey. */
const CSAT_WAIT_MS = 15_000;

/**
 * The surveys the demo flows send each customer of the store: an NPS for each order used for the
 * first time and not refunded (a refund ends that journey, usually before its survey), a CSAT for
 * each refund. An NPS that comes before the refund all the same is answered too. `flowSpeed`: how
 * much faster than published the demo flows run.
 */
export function expectedSurveys(store: DemoStore, flowSpeed = 1): Map<string, ExpectedSurveys> {
  const orders = new Map<string, { subject: string; delivered?: number; firstUsed?: number; refunded?: number }>();
  for (const event of store.events) {
    const orderId = event.data.order_id;
    if (typeof orderId !== 'string') continue;
    const order = orders.get(orderId) ?? { subject: event.subject };
    orders.set(orderId, order);
    if (event.type === 'order.delivered') order.delivered ??= event.at;
    if (event.type === 'product.first_used') order.firstUsed ??= event.at;
    if (event.type === 'order.refunded') order.refunded ??= event.at;
  }
  const expected = new Map<string, ExpectedSurveys>();
  for (const order of orders.values()) {
    const customer = expected.get(order.subject) ?? { nps: 0, csat: 0, unused: 0, firstDueMs: Infinity, lastDueMs: 0 };
    expected.set(order.subject, customer);
    const due = (at: number) => {
      customer.firstDueMs = Math.min(customer.firstDueMs, at);
      customer.lastDueMs = Math.max(customer.lastDueMs, at);
    };
    if (order.firstUsed !== undefined) due(order.firstUsed + NPS_WAIT_MS / flowSpeed);
    if (order.refunded !== undefined) {
      customer.csat++;
      due(order.refunded + CSAT_WAIT_MS / flowSpeed);
    } else if (order.firstUsed !== undefined) customer.nps++;
    else if (order.delivered !== undefined) customer.unused++;
  }
  return expected;
}

interface Mailbox {
  customer: DemoCustomer;
  random: DemoRandom;
  dueAt: number;
  /** Surveys the customer's story leads to (none when the customer does not answer surveys). */
  expected: Record<'nps' | 'csat', number>;
  /** Orders delivered and never used in the story, and the first-use help emails that came. */
  unused: number;
  helpEmails: number;
  /** Survey links answered (or tried), and how many of each kind. */
  answered: Set<string>;
  answeredKinds: Record<SurveyKind, number>;
  seen: Set<string>;
  /**
   * A promoter who answered 9-10 and agreed to marketing email: a review request is coming; until
   * then (epoch ms) the run waits for it — later, a frequency cap has likely deferred it.
   */
  awaitingReviewUntil: number;
  unsubscribed: boolean;
  /** Nothing more to do: the mailbox is not read again. */
  done: boolean;
  busy: boolean;
}

/** The help link of the first-use help email (`first-use-help` in demo-smot-onboarding). */
const FIRST_USE_HELP_URL = 'https://shop.example.com/help';
/** How long the run waits for a promoter's review request after the answer. */
const REVIEW_GRACE_MS = 3000;
/**
 * After the last event, once no watched mailbox has had a new email for this long and every
 * expected survey is this much overdue, the customers stop reading: the surveys still missing are
 * not coming (a journey that took another path).
 */
const QUIET_MS = 10_000;
const CONCURRENCY = 8;
/** How often, once the store's events are sent, the admin API is asked whether emails are still queued. */
const BACKLOG_CHECK_MS = 2000;

/**
 * The demo's customers reading their email: for each customer who answers surveys, it polls their
 * mailbox in the SMTP capture once their survey is due, opens some emails (the tracking pixel),
 * answers each survey through its signed link (POST /s/<token>: score and sometimes a comment),
 * clicks the review or referral link of the review request promoters get, and unsubscribes a few.
 */
export class DemoSurveyResponder {
  readonly stats: ResponderStats = {
    mailboxes: 0,
    emailsSeen: 0,
    answers: { nps: 0, csat: 0, ces: 0 },
    promoters: 0,
    passives: 0,
    detractors: 0,
    comments: 0,
    opens: 0,
    clicks: 0,
    unsubscribes: 0,
    failures: 0,
  };
  private readonly mailboxes: Mailbox[] = [];
  private loop?: Promise<void>;
  private deadline = Number.POSITIVE_INFINITY;
  private latest = Number.POSITIVE_INFINITY;
  /** When a new email last came, or the stack was last seen with emails of this run still to send. */
  private lastNewEmailAt = 0;
  private lastBacklogCheck = 0;
  private checkingBacklog = false;
  private readonly runPrefix: string;
  /** When the last expected survey is due (epoch ms). */
  private readonly lastDueAt: number;
  private readonly pollMs: number;
  private finishing = false;
  private readonly abort = new AbortController();

  /** `flowSpeed`: how much faster than published the demo flows run (their waits divided by it). */
  constructor(
    private readonly gateway: DemoGatewayClient,
    private readonly inbox: DemoInbox,
    store: DemoStore,
    startedAt: number,
    seed: number,
    flowSpeed = 1,
  ) {
    const root = new DemoRandom(seed).fork('responder');
    this.runPrefix = `demo_${store.runId}_`;
    const surveys = expectedSurveys(store, flowSpeed);
    const firstEvent = new Map<string, number>();
    for (const event of store.events) if (!firstEvent.has(event.subject)) firstEvent.set(event.subject, event.at);
    // A mailbox is read a little before its survey is due, then every few seconds.
    this.pollMs = Math.max(1500, 3000 / flowSpeed);
    let lastDue = startedAt;
    for (const customer of store.customers) {
      const expected = surveys.get(customer.id);
      const answers = customer.answersSurveys && expected && expected.nps + expected.csat > 0 ? expected : undefined;
      if (!answers && !customer.unsubscribes) continue;
      if (answers) lastDue = Math.max(lastDue, startedAt + answers.lastDueMs);
      this.mailboxes.push({
        customer,
        // by the customer's number, not the id: the same seed answers alike in every run
        random: root.fork(customer.id.slice(customer.id.lastIndexOf('_'))),
        dueAt:
          startedAt +
          (answers ? answers.firstDueMs - this.pollMs : (firstEvent.get(customer.id) ?? 0) + 5000 / flowSpeed),
        expected: answers ? { nps: answers.nps, csat: answers.csat } : { nps: 0, csat: 0 },
        unused: expected?.unused ?? 0,
        helpEmails: 0,
        answered: new Set(),
        answeredKinds: { nps: 0, csat: 0, ces: 0 },
        seen: new Set(),
        awaitingReviewUntil: 0,
        unsubscribed: false,
        done: false,
        busy: false,
      });
    }
    this.lastDueAt = lastDue;
    this.stats.mailboxes = this.mailboxes.length;
  }

  /** Customers whose mailboxes are watched. */
  get watched(): number {
    return this.mailboxes.length;
  }

  /** Surveys the watched customers are expected to answer. */
  get expectedAnswers(): number {
    return this.mailboxes.reduce((sum, m) => sum + m.expected.nps + m.expected.csat, 0);
  }

  get answered(): number {
    return this.stats.answers.nps + this.stats.answers.csat + this.stats.answers.ces;
  }

  start(): void {
    this.loop ??= this.run();
  }

  /**
   * Keeps answering until every watched customer is done or `deadline` (epoch ms) passes; while
   * emails are still arriving (a stack working through a backlog), until `latest` at most.
   */
  async finish(deadline: number, latest = deadline): Promise<void> {
    this.finishing = true;
    this.deadline = deadline;
    this.latest = Math.max(deadline, latest);
    this.start();
    await this.loop;
  }

  /** Whether the loop goes on: before the deadline, or after it while new emails keep coming. */
  private goesOn(now: number): boolean {
    if (now < this.deadline) return true;
    return now < this.latest && now - this.lastNewEmailAt < 10_000;
  }

  /**
   * Whether a mailbox still holds the run up: a survey to come, or a review request (for a few
   * seconds). More first-use help emails than the story has unused orders mean the engine read a
   * first use before the order's journey began (two topics, read in no fixed order; a journey keeps
   * only the events that come once it runs): that order's NPS survey never comes, and the run does
   * not wait for it. An unsubscribe waits for an
   * email with the link. `strict`: whether anything may still come, however late (the mailbox is
   * read until then, while the run goes on).
   */
  private pending(mailbox: Mailbox, now: number, strict = false): boolean {
    if (mailbox.done) return false;
    const { expected, answeredKinds } = mailbox;
    const missed = strict ? 0 : Math.max(0, mailbox.helpEmails - mailbox.unused);
    const answeredAll = answeredKinds.nps >= expected.nps - missed && answeredKinds.csat >= expected.csat;
    if (!answeredAll) return true;
    if (!strict) return mailbox.awaitingReviewUntil > now;
    return (mailbox.customer.unsubscribes && !mailbox.unsubscribed) || mailbox.awaitingReviewUntil > 0;
  }

  /** After the last event: whether the emails still missing have stopped coming. */
  private quiet(now: number): boolean {
    return this.finishing && now - this.lastNewEmailAt > QUIET_MS && now - this.lastDueAt > QUIET_MS;
  }

  stop(): void {
    this.deadline = 0;
    this.latest = 0;
    this.abort.abort();
  }

  private async run(): Promise<void> {
    const running = new Set<Promise<void>>();
    for (;;) {
      const now = Date.now();
      if (!this.goesOn(now) || this.quiet(now) || !this.mailboxes.some((m) => this.pending(m, now))) break;
      if (this.finishing && now - this.lastBacklogCheck > BACKLOG_CHECK_MS) void this.checkBacklog();
      const due = this.mailboxes
        .filter((m) => !m.done && !m.busy && m.dueAt <= now)
        .sort((a, b) => a.dueAt - b.dueAt)
        .slice(0, Math.max(0, CONCURRENCY - running.size));
      for (const mailbox of due) {
        mailbox.busy = true;
        const work = this.visit(mailbox)
          .catch(() => {
            this.stats.failures++;
          })
          .finally(() => {
            mailbox.busy = false;
            mailbox.dueAt = Date.now() + this.pollMs;
            running.delete(work);
          });
        running.add(work);
      }
      if (running.size >= CONCURRENCY) await Promise.race(running);
      else await sleep(200, this.abort.signal);
    }
    await Promise.allSettled(running);
  }

  /**
   * With the admin API: whether the dispatcher still has emails of this run to send (a stack behind
   * its work), which counts as emails still coming.
   */
  private async checkBacklog(): Promise<void> {
    if (this.checkingBacklog || !this.gateway.hasAdmin) return;
    this.checkingBacklog = true;
    this.lastBacklogCheck = Date.now();
    try {
      for (const outcome of ['queued', 'retry', 'sending']) {
        const page = await this.gateway.admin<{ deliveries: Array<{ customer_id: string }> }>(
          'GET',
          `/v1/deliveries?outcome=${outcome}&limit=500`,
        );
        if (page?.deliveries.some((d) => d.customer_id.startsWith(this.runPrefix))) {
          this.lastNewEmailAt = Date.now();
          return;
        }
      }
    } catch {
      // the emails that come tell as much
    } finally {
      this.checkingBacklog = false;
    }
  }

  private async visit(mailbox: Mailbox): Promise<void> {
    const { customer } = mailbox;
    const messages = await this.inbox.messages(customer.email);
    for (const message of messages) {
      if (!this.goesOn(Date.now())) return;
      if (mailbox.seen.has(message.id)) continue;
      mailbox.seen.add(message.id);
      this.lastNewEmailAt = Date.now();
      this.stats.emailsSeen++;
      await this.read(mailbox, message);
    }
    // Done when nothing more can come; a late survey or review request is still taken while the run goes on.
    if (!this.pending(mailbox, Date.now(), true)) mailbox.done = true;
  }

  private async read(mailbox: Mailbox, message: InboxMessage): Promise<void> {
    const { customer, random } = mailbox;
    const links = emailLinks(message.html, message.headers);
    const signal = this.abort.signal;
    // Some customers open the email (the images load) when the pacing leaves room for it.
    if (customer.answersSurveys && links.opens.length > 0 && random.chance(0.6) && this.gateway.links.tryTake()) {
      this.count(await this.rawGet(links.opens[0]), 'opens');
    }
    for (const survey of links.surveys) {
      if (mailbox.answered.has(survey.url) || !customer.answersSurveys) continue;
      const kind = surveyKindFromScores(survey.scores);
      if (!kind) continue;
      const answer = surveyAnswer(kind, customer.mood, customer.language, random);
      const form: Record<string, string> = { score: String(answer.score) };
      if (answer.comment) form.comment = answer.comment;
      const status = await this.gateway.link(`${survey.url}?score=${answer.score}`, form, signal);
      mailbox.answered.add(survey.url);
      mailbox.answeredKinds[kind]++;
      if (status >= 400) {
        this.stats.failures++;
        continue;
      }
      this.stats.answers[kind]++;
      if (answer.comment) this.stats.comments++;
      if (kind === 'nps') {
        if (answer.score >= 9) this.stats.promoters++;
        else if (answer.score >= 7) this.stats.passives++;
        else this.stats.detractors++;
        if (answer.score >= 9 && customer.marketingConsent) mailbox.awaitingReviewUntil = Date.now() + REVIEW_GRACE_MS;
      }
    }
    if (links.clicks.some((c) => c.destination === FIRST_USE_HELP_URL)) mailbox.helpEmails++;
    const review = links.clicks.find((c) => c.destination?.includes('/reviews'));
    const referral = links.clicks.find((c) => c.destination?.includes('/referrals'));
    if (review || referral) {
      mailbox.awaitingReviewUntil = 0;
      if (review && random.chance(0.6)) this.count(await this.gateway.link(review.url, undefined, signal), 'clicks');
      if (referral && random.chance(0.3))
        this.count(await this.gateway.link(referral.url, undefined, signal), 'clicks');
    } else if (links.clicks.length > 0 && random.chance(0.12) && this.gateway.links.tryTake()) {
      this.count(await this.rawGet(random.pick(links.clicks).url), 'clicks');
    }
    if (customer.unsubscribes && !mailbox.unsubscribed && links.unsubscribe) {
      mailbox.unsubscribed = true;
      const status = await this.gateway.link(links.unsubscribe, { 'List-Unsubscribe': 'One-Click' }, signal);
      this.count(status, 'unsubscribes');
    }
  }

  /** A GET whose pacing slot was already taken. */
  private async rawGet(url: string): Promise<number> {
    const response = await fetch(url, {
      redirect: 'manual',
      headers: { 'user-agent': 'Mozilla/5.0 (postventa demo)' },
    });
    await response.arrayBuffer();
    if (response.status === 429) this.gateway.links.penalize(Number(response.headers.get('retry-after')) || 5);
    return response.status;
  }

  private count(status: number, what: 'opens' | 'clicks' | 'unsubscribes'): void {
    if (status >= 200 && status < 400) this.stats[what]++;
    else this.stats.failures++;
  }
}
