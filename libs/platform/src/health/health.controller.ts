import { Controller, Get, Header, Headers, Res } from '@nestjs/common';
import type { Response } from 'express';
import { AppConfig } from '../config/app-config';
import { MetricsService } from '../metrics/metrics.service';
import { bearerToken, matchesAnyKey } from '../security/secret-compare';
import { HealthReport, HealthRegistry, publicHealthView } from './health.registry';

/**
 * `/health` is liveness: 200 while the process is worth keeping (503 once it gave up and is about
 * to exit). `/health/ready` is readiness: 200 only when every dependency and consumer is usable.
 * Both show states to anyone; error text and details (lag, last batch, restarts) need an admin key
 * (`Authorization: Bearer <ADMIN_API_KEYS>`).
 */
@Controller()
export class HealthController {
  constructor(
    private readonly health: HealthRegistry,
    private readonly metrics: MetricsService,
    private readonly config: AppConfig,
  ) {}

  @Get('health')
  @Header('Cache-Control', 'no-store')
  async live(@Headers('authorization') authorization: string | undefined, @Res() res: Response): Promise<void> {
    const report = await this.health.report();
    res.status(report.live ? 200 : 503).json(this.view(report, authorization));
  }

  @Get('health/ready')
  @Header('Cache-Control', 'no-store')
  async ready(@Headers('authorization') authorization: string | undefined, @Res() res: Response): Promise<void> {
    const report = await this.health.report();
    res.status(report.ready ? 200 : 503).json(this.view(report, authorization));
  }

  @Get('metrics')
  @Header('Cache-Control', 'no-store')
  async scrape(@Res() res: Response): Promise<void> {
    res.type(this.metrics.registry.contentType).send(await this.metrics.registry.metrics());
  }

  private view(report: HealthReport, authorization: string | undefined): HealthReport {
    return matchesAnyKey(bearerToken(authorization), this.config.get('ADMIN_API_KEYS'))
      ? report
      : publicHealthView(report);
  }
}
