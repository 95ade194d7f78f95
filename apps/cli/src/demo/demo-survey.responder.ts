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

interface Mailbox {
  customer: DemoCustomer;
  random: DemoRandom;
  dueAt: number;
  /** Surveys the customer's story leads to (an estimate: a refund ends the NPS journey early). */
  expectedSurveys: number;
  answered: Set<string>;
  seen: Set<string>;
  /** A promoter who answered 9-10 and agreed to marketing email: a review request is coming. */
  awaitingReview: boolean;
  unsubscribed: boolean;
  done: boolean;
  busy: boolean;
}

const POLL_MS = 3000;
const CONCURRENCY = 8;

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
  private lastNewEmailAt = 0;
  private readonly abort = new AbortController();

  constructor(
    private readonly gateway: DemoGatewayClient,
    private readonly inbox: DemoInbox,
    store: DemoStore,
    startedAt: number,
    seed: number,
  ) {
    const root = new DemoRandom(seed).fork('responder');
    const firstDue = new Map<string, number>();
    const surveys = new Map<string, number>();
    for (const event of store.events) {
      if (event.type !== 'product.first_used' && event.type !== 'order.refunded') continue;
      if (event.type === 'product.first_used' && !event.data.order_id) continue;
      surveys.set(event.subject, (surveys.get(event.subject) ?? 0) + 1);
      if (!firstDue.has(event.subject)) firstDue.set(event.subject, startedAt + event.at + 8000);
    }
    for (const customer of store.customers) {
      const expected = surveys.get(customer.id) ?? 0;
      const watch = (customer.answersSurveys && expected > 0) || customer.unsubscribes;
      if (!watch) continue;
      this.mailboxes.push({
        customer,
        // by the customer's number, not the id: the same seed answers alike in every run
        random: root.fork(customer.id.slice(customer.id.lastIndexOf('_'))),
        dueAt: firstDue.get(customer.id) ?? startedAt + 20_000,
        expectedSurveys: customer.answersSurveys ? expected : 0,
        answered: new Set(),
        seen: new Set(),
        awaitingReview: false,
        unsubscribed: false,
        done: false,
        busy: false,
      });
    }
    this.stats.mailboxes = this.mailboxes.length;
  }

  /** Customers whose mailboxes are watched. */
  get watched(): number {
    return this.mailboxes.length;
  }

  /** Surveys the watched customers are expected to answer. */
  get expectedAnswers(): number {
    return this.mailboxes.reduce((sum, m) => sum + m.expectedSurveys, 0);
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

  stop(): void {
    this.deadline = 0;
    this.latest = 0;
    this.abort.abort();
  }

  private async run(): Promise<void> {
    const running = new Set<Promise<void>>();
    while (this.goesOn(Date.now()) && this.mailboxes.some((m) => !m.done)) {
      const now = Date.now();
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
            mailbox.dueAt = Date.now() + POLL_MS;
            running.delete(work);
          });
        running.add(work);
      }
      if (running.size >= CONCURRENCY) await Promise.race(running);
      else await sleep(200, this.abort.signal);
    }
    await Promise.allSettled(running);
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
    const answeredAll = mailbox.answered.size >= mailbox.expectedSurveys;
    const unsubscribeDone = !customer.unsubscribes || mailbox.unsubscribed;
    if (answeredAll && unsubscribeDone && !mailbox.awaitingReview) mailbox.done = true;
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
        if (answer.score >= 9 && customer.marketingConsent) mailbox.awaitingReview = true;
      }
    }
    const review = links.clicks.find((c) => c.destination?.includes('/reviews'));
    const referral = links.clicks.find((c) => c.destination?.includes('/referrals'));
    if (review || referral) {
      mailbox.awaitingReview = false;
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
