import { Inject, Injectable, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { AppConfig, Clock, IntervalPoller, LOGGER, Logger } from '@postventa/platform';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { DispatcherInstanceRepository } from './dispatcher-instance.repository';

/**
 * This dispatcher process: a fresh instance id, a name (DISPATCHER_INSTANCE_NAME, default the
 * host name) and a heartbeat every DISPATCHER_HEARTBEAT_INTERVAL_MS. Deliveries it takes carry
 * the instance id; an instance silent for DISPATCHER_INSTANCE_TIMEOUT_MS, or replaced by a
 * restart under the same name, is dead and its deliveries are taken over.
 */
@Injectable()
export class DispatcherInstanceService implements OnModuleInit, OnApplicationShutdown {
  readonly id = randomUUID();
  readonly name: string;
  private readonly timeoutMs: number;
  private readonly poller: IntervalPoller;

  constructor(
    private readonly instances: DispatcherInstanceRepository,
    private readonly clock: Clock,
    config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.name = config.get('DISPATCHER_INSTANCE_NAME') ?? hostname();
    this.timeoutMs = config.get('DISPATCHER_INSTANCE_TIMEOUT_MS');
    this.poller = new IntervalPoller(
      'dispatcher heartbeat',
      config.get('DISPATCHER_HEARTBEAT_INTERVAL_MS'),
      () => this.instances.heartbeat(this.id, this.name, this.clock.now()),
      logger,
    );
  }

  async onModuleInit(): Promise<void> {
    const replaced = await this.instances.register(this.id, this.name, this.clock.now());
    if (replaced.length > 0)
      this.logger.info(
        { instance: this.id, name: this.name, replaced },
        'dispatcher restarted: taking over the deliveries of its previous instance',
      );
    this.poller.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.poller.stop();
  }

  /** Instances whose leases no longer hold. */
  deadInstances(now: Date): Promise<string[]> {
    return this.instances.dead(new Date(now.getTime() - this.timeoutMs));
  }
}
