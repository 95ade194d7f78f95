import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

/** The persisted round-robin position of each team. */
@Injectable()
export class AssignmentRepository {
  /**
   * Takes the team's next round-robin position (0, 1, 2...) atomically: the upsert locks the
   * team's row until the transaction ends, so concurrent raises get distinct positions, and a
   * rolled-back raise gives its position back.
   */
  async nextPosition(db: EntityManager, team: string): Promise<number> {
    const rows: Array<{ position: string }> = await db.query(
      `INSERT INTO alert_assignment_cursors (team, position) VALUES ($1, 1)
       ON CONFLICT (team) DO UPDATE SET position = alert_assignment_cursors.position + 1, updated_at = now()
       RETURNING position`,
      [team],
    );
    return Number(rows[0].position) - 1;
  }
}
