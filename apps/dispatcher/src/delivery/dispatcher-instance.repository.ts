import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** How long a stopped or silent instance is remembered (its leases have long run out by then). */
const FORGET_AFTER_MS = 24 * 3_600_000;

/**
 * The dispatcher processes: one row per process with a heartbeat. Deliveries record the
 * instance holding them, so the work of a dead process is taken over as soon as it is known dead,
 * not when its lease runs out.
 */
@Injectable()
export class DispatcherInstanceRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Records a starting instance and marks earlier instances of the same name stopped: a process
   * restarted under its name takes over what its dead predecessor held at once. Returns the ids
   * it replaced.
   */
  async register(instanceId: string, name: string, now: Date): Promise<string[]> {
    return this.dataSource.transaction(async (db) => {
      await db.query(
        `INSERT INTO dispatcher_instances (instance_id, name, started_at, heartbeat_at) VALUES ($1, $2, $3, $3)
         ON CONFLICT (instance_id) DO UPDATE SET heartbeat_at = $3, stopped_at = NULL`,
        [instanceId, name, now],
      );
      const [replaced]: [Array<{ instance_id: string }>, number] = await db.query(
        `UPDATE dispatcher_instances SET stopped_at = $3
          WHERE name = $1 AND instance_id <> $2 AND stopped_at IS NULL
         RETURNING instance_id`,
        [name, instanceId, now],
      );
      return replaced.map((r) => r.instance_id);
    });
  }

  /**
   * The instance is alive. A live instance wrongly marked stopped (two processes sharing a name)
   * comes back; meanwhile others may have taken some of its work, which the lease owner checks
   * keep safe. Also forgets instances silent for a day.
   */
  async heartbeat(instanceId: string, name: string, now: Date): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO dispatcher_instances (instance_id, name, started_at, heartbeat_at) VALUES ($1, $2, $3, $3)
       ON CONFLICT (instance_id) DO UPDATE SET heartbeat_at = $3, stopped_at = NULL`,
      [instanceId, name, now],
    );
    await this.dataSource.query(`DELETE FROM dispatcher_instances WHERE heartbeat_at < $1`, [
      new Date(now.getTime() - FORGET_AFTER_MS),
    ]);
  }

  /** Instances stopped or silent since `silentSince` (within the last day). */
  async dead(silentSince: Date): Promise<string[]> {
    const rows: Array<{ instance_id: string }> = await this.dataSource.query(
      `SELECT instance_id FROM dispatcher_instances WHERE stopped_at IS NOT NULL OR heartbeat_at < $1`,
      [silentSince],
    );
    return rows.map((r) => r.instance_id);
  }
}
