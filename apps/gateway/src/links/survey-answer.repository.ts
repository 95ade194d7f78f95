import { Injectable } from '@nestjs/common';
import { SurveyKind } from '@postventa/contracts';
import { DataSource, EntityManager } from 'typeorm';

export interface SurveyAnswerInput {
  surveyId: string;
  customerId: string;
  kind: SurveyKind;
  /** Omitted when only a comment is added. */
  score?: number;
  comment?: string;
  commandId: string;
  flowId?: string;
  flowVersion?: number;
  stepId?: string;
  journeyId?: string;
  orderId?: string;
}

export interface SurveyAnswer {
  surveyId: string;
  score: number;
  comment: string | null;
  revision: number;
  firstAnsweredAt: Date;
}

interface AnswerRecord {
  survey_id: string;
  score: number;
  comment: string | null;
  revision: number;
  first_answered_at: Date;
}

/** survey_answers: one row per survey; a later answer within the change window updates it. */
@Injectable()
export class SurveyAnswerRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Records the first answer, or changes the score / comment of an earlier one if it was first
   * given after `windowStart`. Returns the row when something changed, null when nothing did
   * (same answer again, or the window is over).
   */
  async record(
    db: EntityManager,
    answer: SurveyAnswerInput,
    now: Date,
    windowStart: Date,
  ): Promise<SurveyAnswer | null> {
    if (answer.score === undefined) return this.comment(db, answer.surveyId, answer.comment ?? '', now, windowStart);
    const rows: AnswerRecord[] = await db.query(
      `INSERT INTO survey_answers AS a (survey_id, customer_id, kind, score, comment, revision, command_id, flow_id, flow_version,
                                        step_id, journey_id, order_id, first_answered_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, 1, $6, $7, $8, $9, $10, $11, $12, $12)
       ON CONFLICT (survey_id) DO UPDATE
          SET score = EXCLUDED.score, comment = coalesce(EXCLUDED.comment, a.comment), revision = a.revision + 1, updated_at = EXCLUDED.updated_at
        WHERE a.first_answered_at > $13
          AND (EXCLUDED.score IS DISTINCT FROM a.score OR (EXCLUDED.comment IS NOT NULL AND EXCLUDED.comment IS DISTINCT FROM a.comment))
       RETURNING a.survey_id, a.score, a.comment, a.revision, a.first_answered_at`,
      [
        answer.surveyId,
        answer.customerId,
        answer.kind,
        answer.score,
        answer.comment ?? null,
        answer.commandId,
        answer.flowId ?? null,
        answer.flowVersion ?? null,
        answer.stepId ?? null,
        answer.journeyId ?? null,
        answer.orderId ?? null,
        now,
        windowStart,
      ],
    );
    return rows[0] ? toAnswer(rows[0]) : null;
  }

  /** A comment on an answer given after `windowStart`; null when there is none or nothing changed. */
  private async comment(
    db: EntityManager,
    surveyId: string,
    comment: string,
    now: Date,
    windowStart: Date,
  ): Promise<SurveyAnswer | null> {
    const [rows]: [AnswerRecord[], number] = await db.query(
      `UPDATE survey_answers SET comment = $2, revision = revision + 1, updated_at = $3
        WHERE survey_id = $1 AND first_answered_at > $4 AND comment IS DISTINCT FROM $2
       RETURNING survey_id, score, comment, revision, first_answered_at`,
      [surveyId, comment, now, windowStart],
    );
    return rows[0] ? toAnswer(rows[0]) : null;
  }

  async find(surveyId: string): Promise<SurveyAnswer | null> {
    const rows: AnswerRecord[] = await this.dataSource.query(
      `SELECT survey_id, score, comment, revision, first_answered_at FROM survey_answers WHERE survey_id = $1`,
      [surveyId],
    );
    return rows[0] ? toAnswer(rows[0]) : null;
  }
}

function toAnswer(r: AnswerRecord): SurveyAnswer {
  return {
    surveyId: r.survey_id,
    score: r.score,
    comment: r.comment,
    revision: r.revision,
    firstAnsweredAt: r.first_answered_at,
  };
}
