import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Gateway: survey scores seen only through a GET of a score link (a person or a link scanner),
 * kept apart from survey_answers until the customer confirms with a POST or the answer settles
 * after SURVEY_SETTLE_MINUTES. A burst of different scores within SURVEY_BURST_SECONDS (a scanner
 * walking every link) never settles.
 */
export class CreateSurveyProvisionalAnswers1764910000000 implements MigrationInterface {
  name = 'CreateSurveyProvisionalAnswers1764910000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE survey_provisional_answers (
        survey_id     text        PRIMARY KEY,
        customer_id   text        NOT NULL,
        score         integer     NOT NULL,
        link          jsonb       NOT NULL,
        hits          integer     NOT NULL DEFAULT 1,
        burst         boolean     NOT NULL DEFAULT false,
        first_seen_at timestamptz NOT NULL,
        last_seen_at  timestamptz NOT NULL,
        settle_at     timestamptz NOT NULL
      )`);
    await db.query(
      `CREATE INDEX survey_provisional_answers_settle_idx ON survey_provisional_answers (settle_at) WHERE NOT burst`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE survey_provisional_answers`);
  }
}
