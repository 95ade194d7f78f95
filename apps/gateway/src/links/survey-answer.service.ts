import { Inject, Injectable } from '@nestjs/common';
import { SURVEY_SCORE_RANGES, TopicMap } from '@postventa/contracts';
import { SurveyLink } from '@postventa/engagement';
import { EventProducer, TOPICS } from '@postventa/messaging';
import { AppConfig, Clock, LOGGER, Logger, MetricsService } from '@postventa/platform';
import { DataSource } from 'typeorm';
import { feedbackMessage, surveyAnsweredEvent } from './feedback-events';
import { LinkVerifier } from './link-verifier';
import { LinkError, LinkErrorCode } from './links.error';
import { SurveyAnswer, SurveyAnswerRepository } from './survey-answer.repository';

export interface SurveyOutcome {
  link: SurveyLink;
  answer: SurveyAnswer;
  /** False when the answer was unchanged or could no longer change. */
  changed: boolean;
  /** The change window is over: the first answers stand. */
  final: boolean;
}

const MAX_COMMENT = 5000;

/**
 * One-click survey answers: the click records the score at once (and emits `survey.answered`);
 * another click or a comment within SURVEY_CHANGE_WINDOW_MINUTES updates the same answer (and
 * emits again, with the next revision). The answer and its event commit together: if Kafka does
 * not take the event, nothing is recorded and the customer can simply click again.
 */
@Injectable()
export class SurveyAnswerService {
  private readonly windowMs: number;
  private readonly answers;

  constructor(
    private readonly verifier: LinkVerifier,
    private readonly repository: SurveyAnswerRepository,
    private readonly dataSource: DataSource,
    private readonly producer: EventProducer,
    private readonly clock: Clock,
    config: AppConfig,
    metrics: MetricsService,
    @Inject(TOPICS) private readonly topics: TopicMap,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.windowMs = config.get('SURVEY_CHANGE_WINDOW_MINUTES') * 60_000;
    this.answers = metrics.counter('postventa_survey_answers_total', 'Survey answers recorded by the gateway, by kind and whether they changed one', ['kind', 'outcome']);
  }

  /** `GET /s/:token?score=N`. */
  async answer(token: string, rawScore: unknown): Promise<SurveyOutcome> {
    const link = this.verifier.verify(token, 'survey');
    return this.record(link, this.score(link, rawScore));
  }

  /** `POST /s/:token` with a comment (and the score, for a form posted without the click). */
  async comment(token: string, comment: string, rawScore: unknown): Promise<SurveyOutcome> {
    const link = this.verifier.verify(token, 'survey');
    const text = comment.trim().slice(0, MAX_COMMENT);
    const score = rawScore === undefined || rawScore === null || rawScore === '' ? undefined : this.score(link, rawScore);
    if (score === undefined) {
      const existing = await this.repository.find(link.surveyId);
      if (!existing) throw new LinkError(LinkErrorCode.InvalidScore, 'Choose a score first');
      if (text === '') return { link, answer: existing, changed: false, final: false };
    }
    return this.record(link, score, text === '' ? undefined : text);
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

  private async record(link: SurveyLink, score: number | undefined, comment?: string): Promise<SurveyOutcome> {
    const now = this.clock.now();
    const windowStart = new Date(now.getTime() - this.windowMs);
    const changed = await this.dataSource.transaction(async (db) => {
      const answer = await this.repository.record(
        db,
        {
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
        },
        now,
        windowStart,
      );
      if (answer) await this.producer.send([feedbackMessage(surveyAnsweredEvent(link, answer, now), this.topics)]);
      return answer;
    });
    const answer = changed ?? (await this.repository.find(link.surveyId));
    if (!answer) throw new Error(`survey answer ${link.surveyId} vanished`);
    this.answers.inc({ kind: link.surveyKind, outcome: !changed ? 'unchanged' : answer.revision === 1 ? 'new' : 'updated' });
    if (changed) {
      this.logger.info({ customerId: link.customerId, surveyId: link.surveyId, kind: link.surveyKind, score: answer.score, revision: answer.revision, flow: link.flowId, step: link.stepId }, 'survey answered');
    }
    return { link, answer, changed: changed !== null, final: changed === null && answer.firstAnsweredAt.getTime() <= windowStart.getTime() };
  }
}
