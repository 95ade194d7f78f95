import { Inject, Injectable } from '@nestjs/common';
import { SURVEY_SCORE_RANGES, TopicMap } from '@postventa/contracts';
import { SurveyLink } from '@postventa/engagement';
import { EventProducer, TOPICS } from '@postventa/messaging';
import { AppConfig, Clock, LOGGER, Logger, MetricsService } from '@postventa/platform';
import { TransactionRunner, Tx } from '@postventa/persistence';
import { feedbackMessage, surveyAnsweredEvent } from './feedback-events';
import { LinkVerifier } from './link-verifier';
import { LinkError, LinkErrorCode } from './links.error';
import { nextProvisional, SurveyTiming } from './provisional-answer';
import { ProvisionalAnswerRepository } from './provisional-answer.repository';
import { SurveyAnswer, SurveyAnswerRepository } from './survey-answer.repository';

export interface SurveyOutcome {
  link: SurveyLink;
  answer: SurveyAnswer;
  /** False when the answer was unchanged or could no longer change. */
  changed: boolean;
  /** The change window is over: the first answers stand. */
  final: boolean;
}

/** What a GET of a score link shows. */
export interface SurveyView {
  link: SurveyLink;
  /** The score of the link, selected in the form. */
  score: number;
  /** The answer already confirmed, if any. */
  current: SurveyAnswer | null;
}

const MAX_COMMENT = 5000;
/** Settled answers published per transaction. */
const SETTLE_BATCH = 100;

/**
 * Survey answers from email links. A GET of a score link (which link scanners and previews do)
 * only shows the survey with that score selected and records it as provisional: nothing is
 * published. The customer's POST of that form confirms the answer, which is recorded and published
 * as `survey.answered` at once. A provisional answer left alone becomes the answer after
 * SURVEY_SETTLE_MINUTES (settleDue, run by a poller), unless it was a burst of different scores
 * (a scanner walking every link). Another POST (or a comment) within
 * SURVEY_CHANGE_WINDOW_MINUTES updates the same answer and publishes the next revision. The
 * answer and its event commit together: if Kafka does not take the event, nothing is recorded and
 * the customer can simply send again.
 */
@Injectable()
export class SurveyAnswerService {
  private readonly windowMs: number;
  readonly timing: SurveyTiming;
  private readonly answers;

  constructor(
    private readonly verifier: LinkVerifier,
    private readonly repository: SurveyAnswerRepository,
    private readonly provisional: ProvisionalAnswerRepository,
    private readonly transactions: TransactionRunner,
    private readonly producer: EventProducer,
    private readonly clock: Clock,
    config: AppConfig,
    metrics: MetricsService,
    @Inject(TOPICS) private readonly topics: TopicMap,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.windowMs = config.get('SURVEY_CHANGE_WINDOW_MINUTES') * 60_000;
    this.timing = {
      settleMs: Math.round(config.get('SURVEY_SETTLE_MINUTES') * 60_000),
      burstMs: config.get('SURVEY_BURST_SECONDS') * 1000,
    };
    this.answers = metrics.counter(
      'postventa_survey_answers_total',
      'Survey answers seen by the gateway, by kind and outcome (provisional, new, updated, unchanged, settled)',
      ['kind', 'outcome'],
    );
  }

  /**
   * `GET /s/:token?score=N`: checks the link and the score; unless `dryRun` (a HEAD) and while
   * no answer is confirmed, records the score as provisional. Publishes nothing.
   */
  async view(token: string, rawScore: unknown, dryRun: boolean): Promise<SurveyView> {
    const link = this.verifier.verify(token, 'survey');
    const score = this.score(link, rawScore);
    const current = await this.repository.find(link.surveyId);
    if (!dryRun && !current) {
      const state = await this.transactions.run((db) => this.recordProvisional(db, link, score));
      this.answers.inc({ kind: link.surveyKind, outcome: state.burst ? 'burst' : 'provisional' });
      this.logger.info(
        {
          customerId: link.customerId,
          surveyId: link.surveyId,
          score: state.score,
          hits: state.hits,
          burst: state.burst,
          settleAt: state.settleAt.toISOString(),
        },
        'survey score opened (provisional)',
      );
    }
    return { link, score, current };
  }

  /**
   * `POST /s/:token` (the survey form: `score` and optional `comment`): confirms the answer and
   * publishes it at once. Without a score, adds the comment to the confirmed answer.
   */
  async confirm(token: string, form: { score?: string | null; comment?: string | null }): Promise<SurveyOutcome> {
    const link = this.verifier.verify(token, 'survey');
    const text = (form.comment ?? '').trim().slice(0, MAX_COMMENT);
    const score =
      form.score === undefined || form.score === null || form.score === '' ? undefined : this.score(link, form.score);
    if (score === undefined) {
      const existing = await this.repository.find(link.surveyId);
      if (!existing) throw new LinkError(LinkErrorCode.InvalidScore, 'Choose a score first');
      if (text === '') return { link, answer: existing, changed: false, final: false };
    }
    return this.record(link, score, text === '' ? undefined : text);
  }

  /** Publishes the provisional answers whose settle window is over; returns how many. */
  async settleDue(): Promise<number> {
    const now = this.clock.now();
    const settled = await this.transactions.run(async (db) => {
      const due = await this.provisional.claimSettled(db, now, SETTLE_BATCH);
      const out: Array<{ link: SurveyLink; answer: SurveyAnswer }> = [];
      for (const item of due) {
        const answer = await this.repository.record(db, this.input(item.link, item.score), now, this.windowStart(now));
        if (answer) out.push({ link: item.link, answer });
      }
      if (out.length > 0)
        await this.producer.send(
          out.map(({ link, answer }) => feedbackMessage(surveyAnsweredEvent(link, answer, now), this.topics)),
        );
      await this.provisional.delete(
        db,
        due.map((item) => item.surveyId),
      );
      return out;
    });
    for (const { link, answer } of settled) {
      this.answers.inc({ kind: link.surveyKind, outcome: 'settled' });
      this.logger.info(
        {
          customerId: link.customerId,
          surveyId: link.surveyId,
          kind: link.surveyKind,
          score: answer.score,
          flow: link.flowId,
          step: link.stepId,
        },
        'survey answer settled',
      );
    }
    return settled.length;
  }

  private async recordProvisional(db: Tx, link: SurveyLink, score: number) {
    const now = this.clock.now();
    const first = { surveyId: link.surveyId, link, ...nextProvisional(null, score, now, this.timing) };
    if (await this.provisional.insertFirst(db, first)) return first;
    const previous = await this.provisional.findForUpdate(db, link.surveyId);
    const next = { surveyId: link.surveyId, link, ...nextProvisional(previous, score, now, this.timing) };
    await this.provisional.update(db, next);
    return next;
  }

  private score(link: SurveyLink, raw: unknown): number {
    const { min, max } = SURVEY_SCORE_RANGES[link.surveyKind];
    const text = typeof raw === 'string' ? raw.trim() : '';
    const score = /^\d{1,2}$/.test(text) ? Number(text) : NaN;
    if (!Number.isInteger(score) || score < min || score > max) {
      throw new LinkError(LinkErrorCode.InvalidScore, `The score must be a whole number from ${min} to ${max}`);
    }
    return score;
  }

  private windowStart(now: Date): Date {
    return new Date(now.getTime() - this.windowMs);
  }

  private input(link: SurveyLink, score: number | undefined, comment?: string) {
    return {
      surveyId: link.surveyId,
      customerId: link.customerId,
      kind: link.surveyKind,
      score,
      comment,
      commandId: link.commandId,
      flowId: link.flowId,
      flowVersion: link.flowVersion,
      stepId: link.stepId,
      journeyId: link.journeyId,
      orderId: link.orderId,
    };
  }

  private async record(link: SurveyLink, score: number | undefined, comment?: string): Promise<SurveyOutcome> {
    const now = this.clock.now();
    const windowStart = this.windowStart(now);
    const changed = await this.transactions.run(async (db) => {
      const answer = await this.repository.record(db, this.input(link, score, comment), now, windowStart);
      if (answer) await this.producer.send([feedbackMessage(surveyAnsweredEvent(link, answer, now), this.topics)]);
      await this.provisional.delete(db, [link.surveyId]);
      return answer;
    });
    const answer = changed ?? (await this.repository.find(link.surveyId));
    if (!answer) throw new Error(`survey answer ${link.surveyId} vanished`);
    this.answers.inc({
      kind: link.surveyKind,
      outcome: !changed ? 'unchanged' : answer.revision === 1 ? 'new' : 'updated',
    });
    if (changed) {
      this.logger.info(
        {
          customerId: link.customerId,
          surveyId: link.surveyId,
          kind: link.surveyKind,
          score: answer.score,
          revision: answer.revision,
          flow: link.flowId,
          step: link.stepId,
        },
        'survey answered',
      );
    }
    return {
      link,
      answer,
      changed: changed !== null,
      final: changed === null && answer.firstAnsweredAt.getTime() <= windowStart.getTime(),
    };
  }
}
