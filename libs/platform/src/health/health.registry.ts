import { Injectable } from '@nestjs/common';

/** What a check may tell beyond up/down (shown only to callers with an admin key). */
export type HealthDetails = Record<string, unknown>;

export interface HealthIndicator {
  /** Short name shown in /health, e.g. `database`, `consumer:commands`. */
  name: string;
  /** Resolves (optionally with details) when the dependency is usable; rejects otherwise. */
  check(): Promise<void | HealthDetails>;
}

/** A check's "down" answer that carries details (state, lag...) along with the reason. */
export class HealthDownError extends Error {
  constructor(
    message: string,
    readonly details: HealthDetails = {},
  ) {
    super(message);
    this.name = 'HealthDownError';
  }
}

export interface HealthCheckResult {
  status: 'up' | 'down';
  latencyMs: number;
  /** Why it is down (internal text: admin view only). */
  error?: string;
  details?: HealthDetails;
}

export interface HealthReport {
  /** `ok`: alive and ready; `degraded`: alive, not ready; `down`: the process gave up and is exiting. */
  status: 'ok' | 'degraded' | 'down';
  live: boolean;
  ready: boolean;
  app: string;
  uptimeSeconds: number;
  checks: Record<string, HealthCheckResult>;
  /** Why the process gave up (admin view only). */
  fatal?: string;
}

/**
 * Components register what they depend on; health asks each, with a timeout. Readiness is every
 * check up; liveness is "the process has not given up" (see `markFatal`).
 */
@Injectable()
export class HealthRegistry {
  private readonly indicators: HealthIndicator[] = [];
  private fatalReason?: string;
  app = 'postventa';

  register(indicator: HealthIndicator): void {
    const at = this.indicators.findIndex((i) => i.name === indicator.name);
    if (at >= 0) this.indicators[at] = indicator;
    else this.indicators.push(indicator);
  }

  unregister(name: string): void {
    const at = this.indicators.findIndex((i) => i.name === name);
    if (at >= 0) this.indicators.splice(at, 1);
  }

  /** The app cannot recover by itself (e.g. a consumer could not rejoin): liveness turns down. */
  markFatal(reason: string): void {
    this.fatalReason ??= reason;
  }

  get fatal(): string | undefined {
    return this.fatalReason;
  }

  async report(timeoutMs = 3000): Promise<HealthReport> {
    const checks: HealthReport['checks'] = {};
    await Promise.all(
      this.indicators.map(async (indicator) => {
        const started = performance.now();
        const latency = () => Math.round(performance.now() - started);
        try {
          const details = await withTimeout(indicator.check(), timeoutMs);
          checks[indicator.name] = { status: 'up', latencyMs: latency(), ...(details ? { details } : {}) };
        } catch (error) {
          const details = error instanceof HealthDownError ? error.details : undefined;
          checks[indicator.name] = {
            status: 'down',
            latencyMs: latency(),
            error: (error as Error).message,
            ...(details ? { details } : {}),
          };
        }
      }),
    );
    const live = this.fatalReason === undefined;
    const ready = live && Object.values(checks).every((c) => c.status === 'up');
    const status = !live ? 'down' : ready ? 'ok' : 'degraded';
    return {
      status,
      live,
      ready,
      app: this.app,
      uptimeSeconds: Math.round(process.uptime()),
      checks,
      ...(live ? {} : { fatal: this.fatalReason }),
    };
  }
}

/** What anyone may see: states only, no internal error text, addresses or details. */
export function publicHealthView(report: HealthReport): HealthReport {
  const checks: HealthReport['checks'] = {};
  for (const [name, check] of Object.entries(report.checks))
    checks[name] = { status: check.status, latencyMs: check.latencyMs };
  const { fatal: _fatal, ...rest } = report;
  return { ...rest, checks };
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    promise.then(
      (value) => (clearTimeout(timer), resolve(value)),
      (error) => (clearTimeout(timer), reject(error)),
    );
  });
}
