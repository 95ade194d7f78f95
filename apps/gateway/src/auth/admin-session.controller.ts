import { Controller, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { RequestBody } from '../openapi/request-body.interceptor';
import { AuthFailureLimiter } from './auth-failure.limiter';
import { AuthLimitError } from './auth-limit.error';
import { DASHBOARD_PAGE_HEADERS, renderLoginPage } from './admin-session-page';
import { AdminSessionService } from './admin-session.service';

const MAX_USER_LENGTH = 100;

/**
 * Dashboard sign-in: `GET /dashboard/login` (the form), `POST /dashboard/login` (an admin key and
 * a name → the session cookie, then to `/dashboard`), `POST /dashboard/logout` (with the CSRF
 * token) and `GET /dashboard/session` (who is signed in and the CSRF token, for the page's script).
 * Wrong keys count towards AUTH_FAILURE_LIMIT like wrong Bearer keys.
 */
@Controller('dashboard')
export class AdminSessionController {
  constructor(
    private readonly sessions: AdminSessionService,
    private readonly limiter: AuthFailureLimiter,
  ) {}

  @Get('login')
  form(@Req() req: Request, @Res() res: Response): void {
    if (this.sessions.read(req)) return res.redirect(303, '/dashboard');
    this.page(req, res, 200, {});
  }

  @Post('login')
  @RequestBody({ urlencoded: { limit: 16 * 1024 } })
  async login(@Req() req: Request, @Res() res: Response): Promise<void> {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const text = (name: string) => (typeof body[name] === 'string' ? (body[name] as string) : '');
    const user = text('user').trim().slice(0, MAX_USER_LENGTH);
    try {
      this.limiter.assertAllowed('admin', req, res);
      if (!this.sessions.enabled) return this.page(req, res, 401, {});
      if (!this.sessions.loginFormTokenMatches(req, text('form_token')))
        return this.page(req, res, 400, { user, error: 'The sign-in form expired; please try again.' });
      if (user === '') return this.page(req, res, 400, { error: 'Enter your name.' });
      const index = this.sessions.keyIndex(text('key'));
      if (index < 0) {
        await this.limiter.recordFailure('admin', req, res);
        return this.page(req, res, 401, { user, error: 'That admin key is not valid.' });
      }
      this.sessions.start(req, res, user, index);
      res.redirect(303, '/dashboard');
    } catch (error) {
      if (!(error instanceof AuthLimitError)) throw error;
      this.page(req, res, 429, { user, error: error.message });
    }
  }

  @Post('logout')
  @HttpCode(204)
  logout(@Req() req: Request, @Res({ passthrough: true }) res: Response): void {
    this.sessions.authenticate(req);
    this.sessions.end(req, res);
  }

  @Get('session')
  session(@Req() req: Request, @Res({ passthrough: true }) res: Response): Record<string, unknown> {
    const session = this.sessions.authenticate(req);
    res.setHeader('Cache-Control', 'no-store');
    return { user: session.user, csrfToken: session.csrfToken, expiresAt: session.expiresAt.toISOString() };
  }

  private page(req: Request, res: Response, status: number, options: { user?: string; error?: string }): void {
    const formToken = this.sessions.loginFormToken(req, res);
    res.status(status).set(DASHBOARD_PAGE_HEADERS);
    res.send(renderLoginPage({ ...options, formToken, disabled: !this.sessions.enabled }));
  }
}
