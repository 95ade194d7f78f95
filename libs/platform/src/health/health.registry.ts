import { Injectable } from '@nestjs/common';

export interface HealthIndicator {
  /** Short name shown in /health, e.g. `database`. */
  name: string;
  /** Resolves when the dependency answers; rejects with a reason otherwise. */
  check(): Promise<void>;
}

export interface HealthReport {
  status: 'ok' | 'error';
  app: string;
  uptimeSeconds: number;
  checks: Record<string, { status: 'up' | 'down'; error?: string; latencyMs: number }>;
}

/** Components register what they depend on; /health asks each, with a timeout. */
@Injectable()
export class HealthRegistry {
  private readonly indicators: HealthIndicator[] = [];
  app = 'postventa';

  register(indicator: HealthIndicator): void {
    if (!this.indicators.some((i) => i.name === indicator.name)) this.indicators.push(indicator);
  }

  async report(timeoutMs = 3000): Promise<HealthReport> {
    const checks: HealthReport['checks'] = {};
    await Promise.all(
      this.indicators.map(async (indicator) => {
        const started = performance.now();
        try {
          await withTimeout(indicator.check(), timeoutMs);
          checks[indicator.name] = { status: 'up', latencyMs: Math.round(performance.now() - started) };
        } catch (error) {
          checks[indicator.name] = { status: 'down', error: (error as Error).message, latencyMs: Math.round(performance.now() - started) };
        }
      }),
    );
    const status = Object.values(checks).every((c) => c.status === 'up') ? 'ok' : 'error';
    return { status, app: this.app, uptimeSeconds: Math.round(process.uptime()), checks };
  }
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
