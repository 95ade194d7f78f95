import { Injectable } from '@nestjs/common';
import type { SurveyLink } from '@postventa/engagement';
import { EntityManager } from 'typeorm';
import type { ProvisionalAnswer } from './provisional-answer';

export interface StoredProvisionalAnswer extends ProvisionalAnswer {
  surveyId: string;
  /** The signed link's claims, to publish the answer when it settles. */
  link: SurveyLink;
}

interface Row {
  survey_id: string;
  score: number;
  link: Omit<SurveyLink, 'expiresAt'> & { expiresAt: string };
  hits: number;
  burst: boolean;
  first_seen_at: Date;
  last_seen_at: Date;
  settle_at: Date;
}

const COLUMNS = 'survey_id, score, link, hits, burst, first_seen_at, last_seen_at, settle_at';

/** survey_provisional_answers: scores seen only through GETs, until confirmed or settled. */
@Injectable()
export class ProvisionalAnswerRepository {
  /** Inserts the first provisional answer of a survey; false when it has one already. */
  async insertFirst(db: EntityManager, answer: StoredProvisionalAnswer): Promise<boolean> {
    const rows: Row[] = await db.query(
      `INSERT INTO survey_provisional_answers (survey_id, customer_id, score, link, hits, burst, first_seen_at, last_seen_at, settle_at)
       VALUES ($1, $2, $3, $4::jsonb, $5, $6, $7, $8, $9)
       ON CONFLICT (survey_id) DO NOTHING
       RETURNING survey_id`,
      [
        answer.surveyId,
        answer.link.customerId,
        answer.score,
        JSON.stringify(answer.link),
        answer.hits,
        answer.burst,
        answer.firstSeenAt,
        answer.lastSeenAt,
        answer.settleAt,
      ],
    );
    return rows.length > 0;
  }

  async findForUpdate(db: EntityManager, surveyId: string): Promise<StoredProvisionalAnswer | null> {
    const rows: Row[] = await db.query(
      `SELECT ${COLUMNS} FROM survey_provisional_answers WHERE survey_id = $1 FOR UPDATE`,
      [surveyId],
    );
    return rows[0] ? toAnswer(rows[0]) : null;
  }

  async update(db: EntityManager, answer: StoredProvisionalAnswer): Promise<void> {
    await db.query(
      `UPDATE survey_provisional_answers SET score = $2, hits = $3, burst = $4, first_seen_at = $5, last_seen_at = $6, settle_at = $7 WHERE survey_id = $1`,
      [
        answer.surveyId,
        answer.score,
        answer.hits,
        answer.burst,
        answer.firstSeenAt,
        answer.lastSeenAt,
        answer.settleAt,
      ],
    );
  }

  async delete(db: EntityManager, surveyIds: readonly string[]): Promise<void> {
    if (surveyIds.length === 0) return;
    await db.query(`DELETE FROM survey_provisional_answers WHERE survey_id = ANY($1::text[])`, [surveyIds]);
  }

  /** Locks up to `limit` answers that have settled (never a burst); other gateways skip them. */
  async claimSettled(db: EntityManager, now: Date, limit: number): Promise<StoredProvisionalAnswer[]> {
    const rows: Row[] = await db.query(
      `SELECT ${COLUMNS} FROM survey_provisional_answers
        WHERE NOT burst AND settle_at <= $1
        ORDER BY settle_at
        LIMIT $2
        FOR UPDATE SKIP LOCKED`,
      [now, limit],
    );
    return rows.map(toAnswer);
  }
}

function toAnswer(row: Row): StoredProvisionalAnswer {
  return {
    surveyId: row.survey_id,
    score: row.score,
    link: { ...row.link, expiresAt: new Date(row.link.expiresAt) },
    hits: row.hits,
    burst: row.burst,
    firstSeenAt: row.first_seen_at,
    lastSeenAt: row.last_seen_at,
    settleAt: row.settle_at,
  };
}
