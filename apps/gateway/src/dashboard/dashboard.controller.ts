import { BadRequestException, Controller, Get, Header, Query, UseGuards } from '@nestjs/common';
import { Kpis, MAX_DAYS, parseDays } from './dashboard-kpis';
import { renderDashboard } from './dashboard-view';
import { DashboardAuthGuard } from './dashboard-auth.guard';
import { DashboardRepository } from './dashboard.repository';

/** `GET /dashboard` (HTML with inline SVG charts) and `GET /v1/kpis` (the same numbers as JSON). */
@Controller()
@UseGuards(DashboardAuthGuard)
export class DashboardController {
  constructor(private readonly repository: DashboardRepository) {}

  @Get('dashboard')
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  @Header('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'")
  async page(@Query('days') days: unknown): Promise<string> {
    return renderDashboard(await this.kpis(days));
  }

  @Get('v1/kpis')
  @Header('Cache-Control', 'no-store')
  kpis(@Query('days') raw: unknown): Promise<Kpis> {
    const days = parseDays(raw);
    if (days === null) throw new BadRequestException(`days must be a whole number from 1 to ${MAX_DAYS}`);
    return this.repository.kpis(days, new Date());
  }
}
