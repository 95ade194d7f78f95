import { Inject, Injectable } from '@nestjs/common';
import { HealthRegistry } from './health/health.registry';
import type { Logger } from './logging/logger';

export const LIFECYCLE_LOGGER = Symbol('LIFECYCLE_LOGGER');

/** Exit status of a process that gave up on a lasting infrastructure failure (EX_TEMPFAIL). */
export const FATAL_EXIT_CODE = 75;

/**
 * The door through which a component says "this process cannot recover by itself". Liveness
 * turns `down` at once; the process `main` (see `runApps`) then closes the apps and exits with
 * FATAL_EXIT_CODE, so a supervisor (npm start, Kubernetes, systemd) starts a fresh one.
 */
@Injectable()
export class AppLifecycle {
  private handler?: (reason: string) => void;

  constructor(
    private readonly health: HealthRegistry,
    @Inject(LIFECYCLE_LOGGER) private readonly logger: Logger,
  ) {}

  /** Set by the process `main`; without one (apps embedded in tests), `fatal` only reports. */
  onFatal(handler: (reason: string) => void): void {
    this.handler = handler;
  }

  fatal(reason: string): void {
    if (this.health.fatal !== undefined) return;
    this.health.markFatal(reason);
    this.logger.fatal({ reason }, 'giving up: the process will exit so that a supervisor restarts it');
    this.handler?.(reason);
  }
}
