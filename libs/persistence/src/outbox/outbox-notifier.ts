import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { LOGGER, Logger } from '@postventa/platform';
import type { Notification, PoolClient } from 'pg';
import { DataSource, QueryRunner } from 'typeorm';
import { OUTBOX_CHANNEL } from './outbox.repository';

/**
 * LISTENs on the outbox channel on one dedicated connection, so the relay publishes as soon as
 * a transaction that wrote outbox rows commits (in this process or another). Polling stays the
 * safety net: if the connection drops, `ensureListening()` opens a new one on the next round.
 */
@Injectable()
export class OutboxNotifier implements OnModuleDestroy {
  private runner?: QueryRunner;
  private healthy = false;
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly dataSource: DataSource,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  subscribe(listener: () => void): void {
    this.listeners.add(listener);
  }

  get listening(): boolean {
    return this.healthy;
  }

  async ensureListening(): Promise<void> {
    if (this.healthy || !this.dataSource.isInitialized) return;
    await this.release();
    const runner = this.dataSource.createQueryRunner();
    this.runner = runner;
    const client = (await runner.connect()) as PoolClient;
    const broken = () => {
      this.healthy = false;
    };
    client.on('error', broken);
    client.on('end', broken);
    client.on('notification', (message: Notification) => {
      if (message.channel !== OUTBOX_CHANNEL) return;
      for (const listener of this.listeners) listener();
    });
    await runner.query(`LISTEN ${OUTBOX_CHANNEL}`);
    this.healthy = true;
    this.logger.debug({ channel: OUTBOX_CHANNEL }, 'listening for outbox commits');
  }

  async onModuleDestroy(): Promise<void> {
    this.listeners.clear();
    await this.release();
  }

  private async release(): Promise<void> {
    const runner = this.runner;
    this.runner = undefined;
    this.healthy = false;
    if (runner && !runner.isReleased) await runner.release().catch(() => undefined);
  }
}
