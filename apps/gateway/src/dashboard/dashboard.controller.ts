import { Controller, Get, Param, Query, Req, Res, UseGuards } from '@nestjs/common';
import { TemplatePreviewService } from '@postventa/mail';
import { TemplateError, TemplateErrorCode } from '@postventa/templates';
import { escapeHtml } from '@postventa/engagement';
import type { Request, Response } from 'express';
import { AdminAuthGuard } from '../alerts/admin-auth.guard';
import { DASHBOARD_PAGE_HEADERS } from '../auth/admin-session-page';
import { AdminSessionService } from '../auth/admin-session.service';
import { CapturedEmailSummary, CapturedInboxService } from './captured-inbox.service';
import { DashboardFiles, StaticFile } from './dashboard-files';
import { DashboardError, DashboardErrorCode } from './dashboard.error';

/**
 * An email shown inside the dashboard (template preview, captured inbox): its own document in a
 * sandboxed frame, with a policy that allows the email's inline styles and images but no script,
 * no form, no plug-in (CSP `sandbox`), and only the dashboard may frame it.
 */
export const EMAIL_FRAME_HEADERS: Readonly<Record<string, string>> = {
  'Content-Type': 'text/html; charset=utf-8',
  'Cache-Control': 'no-store',
  'Content-Security-Policy':
    "default-src 'none'; style-src 'unsafe-inline'; img-src data: https: http:; font-src data: https:; " +
    "frame-ancestors 'self'; base-uri 'none'; form-action 'none'; sandbox",
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'SAMEORIGIN',
};

const LOCALE = /^[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})*$/;
const MESSAGE_ID = /^[\w-]{1,100}$/;

/**
 * The dashboard: one static page (`/dashboard`, sign-in required) whose ES modules and styles
 * (`/dashboard/assets/...`) and vendor scripts (`/dashboard/vendor/...`) load data from the admin
 * API with the session cookie; plus the email frames (template preview per locale, captured inbox).
 */
@Controller('dashboard')
export class DashboardController {
  constructor(
    private readonly files: DashboardFiles,
    private readonly sessions: AdminSessionService,
    private readonly previews: TemplatePreviewService,
    private readonly inbox: CapturedInboxService,
  ) {}

  @Get()
  page(@Req() req: Request, @Res() res: Response): void {
    if (!this.sessions.read(req)) return res.redirect(303, '/dashboard/login');
    res.status(200).set(DASHBOARD_PAGE_HEADERS).send(this.files.page().body);
  }

  @Get('assets/:name')
  asset(@Param('name') name: string, @Res() res: Response): void {
    this.send(res, this.files.assets.get(name), name);
  }

  @Get('vendor/:name')
  vendor(@Param('name') name: string, @Res() res: Response): void {
    this.send(res, this.files.vendor.get(name), name);
  }

  @Get('preview/templates/:id')
  @UseGuards(AdminAuthGuard)
  async preview(@Param('id') id: string, @Query('locale') locale: unknown, @Res() res: Response): Promise<void> {
    res.set(EMAIL_FRAME_HEADERS);
    const wanted = typeof locale === 'string' && LOCALE.test(locale) ? locale : undefined;
    try {
      const email = await this.previews.preview({ template: id, locale: wanted });
      res.status(200).send(email.html);
    } catch (error) {
      if (!(error instanceof TemplateError)) throw error;
      res.status(error.code === TemplateErrorCode.TemplateNotFound ? 404 : 422).send(framePage(error.message));
    }
  }

  @Get('inbox')
  @UseGuards(AdminAuthGuard)
  async inboxList(
    @Res({ passthrough: true }) res: Response,
  ): Promise<{ enabled: boolean; messages: CapturedEmailSummary[] }> {
    res.setHeader('Cache-Control', 'no-store');
    if (!this.inbox.enabled) return { enabled: false, messages: [] };
    return { enabled: true, messages: await this.inbox.list() };
  }

  @Get('inbox/:id')
  @UseGuards(AdminAuthGuard)
  async inboxMessage(@Param('id') id: string, @Res() res: Response): Promise<void> {
    if (!MESSAGE_ID.test(id)) throw new DashboardError(DashboardErrorCode.NotFound, 'No such captured email');
    const { html, text } = await this.inbox.body(id);
    res
      .status(200)
      .set(EMAIL_FRAME_HEADERS)
      .send(html ?? framePage(text ?? '', true));
  }

  private send(res: Response, file: StaticFile | undefined, name: string): void {
    if (!file) throw new DashboardError(DashboardErrorCode.NotFound, `No dashboard file ${name}`);
    res.status(200).set({ 'Content-Type': file.type, 'Cache-Control': 'no-cache' }).send(file.body);
  }
}

/** A message shown in an email frame instead of an email (a template error, a text-only email). */
function framePage(message: string, pre = false): string {
  const body = pre ? `<pre>${escapeHtml(message)}</pre>` : `<p>${escapeHtml(message)}</p>`;
  return `<!doctype html><html><head><meta charset="utf-8"></head><body>${body}</body></html>`;
}
