import { RunningApp } from '@postventa/platform';
import { gatewayApp } from '../apps/gateway/src/gateway.module';
import { createTestDatabase, TestDatabase } from './support/test-database';
import { isolatedTopics, startTestApp } from './support/test-apps';

const ADMIN_KEY = 'dashboard-admin-key-0123456789';
const CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
  "frame-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

/**
 * The dashboard on a real gateway and PostgreSQL: sign-in with an admin key, the session cookie
 * and its CSRF token on the admin API, the static page under a strict CSP, its own and vendor
 * files (and nothing else), the email frames, sign-out, and the failed sign-in limit.
 */
describe('dashboard: sign-in, session, CSP and files (real gateway, real PostgreSQL)', () => {
  let db: TestDatabase;
  let gateway: RunningApp;

  beforeAll(async () => {
    db = await createTestDatabase({ migrate: false });
    gateway = await startTestApp(gatewayApp, {
      ...isolatedTopics(),
      DATABASE_URL: db.url,
      ADMIN_API_KEYS: `other-admin-key-0123456789,${ADMIN_KEY}`,
      AUTH_FAILURE_LIMIT: '8',
    });
  });
  afterAll(async () => {
    await gateway?.app.close();
    await db?.drop();
  });

  const url = (path: string) => `${gateway.url}${path}`;
  const cookieOf = (response: Response, name: string) =>
    response.headers
      .getSetCookie()
      .find((c) => c.startsWith(`${name}=`))
      ?.split(';')[0];

  /** The login form's token and cookie. */
  async function loginForm(): Promise<{ token: string; cookie: string }> {
    const response = await fetch(url('/dashboard/login'));
    const html = await response.text();
    return { token: /name="form_token" value="([^"]+)"/.exec(html)![1], cookie: cookieOf(response, 'pv_login')! };
  }

  async function signIn(key: string, user = 'Ana <Lead>'): Promise<Response> {
    const form = await loginForm();
    return fetch(url('/dashboard/login'), {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: form.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ form_token: form.token, user, key }),
    });
  }

  async function session(): Promise<{ cookie: string; csrf: string }> {
    const response = await signIn(ADMIN_KEY);
    const cookie = cookieOf(response, 'pv_session')!;
    const { csrfToken } = (await (await fetch(url('/dashboard/session'), { headers: { cookie } })).json()) as {
      csrfToken: string;
    };
    return { cookie, csrf: csrfToken };
  }

  it('sends a browser without a session to the sign-in page, served under the strict CSP', async () => {
    const page = await fetch(url('/dashboard'), { redirect: 'manual' });
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toBe('/dashboard/login');

    const login = await fetch(url('/dashboard/login'));
    expect(login.status).toBe(200);
    expect(login.headers.get('content-security-policy')).toBe(CSP);
    expect(login.headers.get('x-frame-options')).toBe('DENY');
    expect(login.headers.get('cache-control')).toBe('no-store');
    const html = await login.text();
    expect(html).toContain('<form method="post" action="/dashboard/login"');
    expect(html).toContain('type="password"');
    expect(html).not.toMatch(/<script|style=/);
    expect(cookieOf(login, 'pv_login')).toBeDefined();
  });

  it('signs in with an admin key: an HttpOnly, SameSite=Strict session cookie, then the dashboard page', async () => {
    expect((await signIn('wrong-admin-key-0123456789')).status).toBe(401);
    const noToken = await fetch(url('/dashboard/login'), {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ user: 'ana', key: ADMIN_KEY }),
    });
    expect(noToken.status).toBe(400);
    expect(cookieOf(noToken, 'pv_session')).toBeUndefined();

    const ok = await signIn(ADMIN_KEY);
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe('/dashboard');
    const setCookie = ok.headers.getSetCookie().find((c) => c.startsWith('pv_session='))!;
    expect(setCookie).toMatch(/; Path=\/; Max-Age=\d+; HttpOnly; SameSite=Strict$/); // no Secure over plain HTTP
    const cookie = setCookie.split(';')[0];

    const page = await fetch(url('/dashboard'), { headers: { cookie } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toBe(CSP);
    const html = await page.text();
    expect(html).toContain('<script type="module" src="/dashboard/assets/app.js"></script>');
    expect(html).toContain('<script src="/dashboard/vendor/chart.umd.min.js" defer></script>');
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>|\sstyle=|\son[a-z]+=/); // nothing inline

    const who = await fetch(url('/dashboard/session'), { headers: { cookie } });
    expect(await who.json()).toMatchObject({ user: 'Ana <Lead>', csrfToken: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect((await fetch(url('/dashboard/session'))).status).toBe(401);
  });

  it('serves the page files and the vendor scripts from the allow-list only', async () => {
    const { cookie } = await session();
    const page = await (await fetch(url('/dashboard'), { headers: { cookie } })).text();
    const app = await fetch(url('/dashboard/assets/app.js'));
    expect(app.status).toBe(200);
    expect(app.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    // Every module the app imports, and every file the page names, is served.
    const modules = new Set<string>(['app.js']);
    for (const name of modules) {
      const source = await (await fetch(url(`/dashboard/assets/${name}`))).text();
      for (const [, imported] of source.matchAll(/from '\.\/([a-z-]+\.js)'/g)) modules.add(imported);
    }
    expect(modules.size).toBeGreaterThan(5);
    const named = [...page.matchAll(/(?:src|href)="(\/dashboard\/(?:assets|vendor)\/[^"]+)"/g)].map((m) => m[1]);
    for (const path of [...named, ...[...modules].map((m) => `/dashboard/assets/${m}`)]) {
      const response = await fetch(url(path));
      expect([path, response.status]).toEqual([path, 200]);
      // Read to the end: an unread body keeps the connection (and the test process) open.
      await response.arrayBuffer();
    }
    const chart = await fetch(url('/dashboard/vendor/chart.umd.min.js'));
    expect(chart.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await chart.text()).toContain('Chart');
    expect(await (await fetch(url('/dashboard/vendor/dagre.min.js'))).text()).toContain('dagre');

    for (const path of [
      '/dashboard/vendor/chart.umd.js',
      '/dashboard/vendor/..%2F..%2Fpackage.json',
      '/dashboard/assets/..%2Fdashboard.controller.ts',
      '/dashboard/assets/%2Fetc%2Fpasswd',
      '/dashboard/assets/dashboard.controller.ts',
    ]) {
      const response = await fetch(url(path));
      expect([path, response.status]).toEqual([path, 404]);
    }
  });

  it('lets the session use the admin API, with the CSRF token on every change', async () => {
    const { cookie, csrf } = await session();
    expect((await fetch(url('/v1/alerts'), { headers: { cookie } })).status).toBe(200);
    expect((await fetch(url('/v1/alerts'), { headers: { authorization: `Bearer ${ADMIN_KEY}` } })).status).toBe(200);
    expect((await fetch(url('/v1/alerts'))).status).toBe(401);

    const acknowledge = (headers: Record<string, string>) =>
      fetch(url('/v1/alerts/al_missing/acknowledge'), {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ actor: 'ana' }),
      });
    const without = await acknowledge({});
    expect(without.status).toBe(403);
    expect(((await without.json()) as { error: { code: string } }).error.code).toBe('SESSION_CSRF_INVALID');
    expect((await acknowledge({ 'x-csrf-token': 'f'.repeat(64) })).status).toBe(403);
    // Past authentication: the alert does not exist.
    const withToken = await acknowledge({ 'x-csrf-token': csrf });
    expect(withToken.status).toBe(404);
    expect(((await withToken.json()) as { error: { code: string } }).error.code).toBe('ALERT_NOT_FOUND');

    const forged = cookie.replace(/\.[0-9a-f]{64}$/, `.${'0'.repeat(64)}`);
    expect((await fetch(url('/v1/alerts'), { headers: { cookie: forged } })).status).toBe(401);
  });

  it('shows a template preview and the local inbox in their own sandboxed documents', async () => {
    const { cookie } = await session();
    expect((await fetch(url('/dashboard/preview/templates/nps-survey?locale=pt'))).status).toBe(401);
    const preview = await fetch(url('/dashboard/preview/templates/nps-survey?locale=pt'), { headers: { cookie } });
    expect(preview.status).toBe(200);
    const csp = preview.headers.get('content-security-policy')!;
    expect(csp).toContain('sandbox');
    expect(csp).toContain("frame-ancestors 'self'");
    expect(csp).not.toContain('script-src');
    expect(await preview.text()).toContain('<html lang="pt');
    expect((await fetch(url('/dashboard/preview/templates/no-such-template'), { headers: { cookie } })).status).toBe(
      404,
    );

    expect((await fetch(url('/dashboard/inbox'))).status).toBe(401);
    const inbox = (await (await fetch(url('/dashboard/inbox'), { headers: { cookie } })).json()) as {
      enabled: boolean;
      messages: unknown[];
    };
    expect(inbox.enabled).toBe(Boolean(process.env.SMTP_CAPTURE_URL));
    expect(Array.isArray(inbox.messages)).toBe(true);
  });

  it('signs out: the cookie is cleared and the session no longer works here', async () => {
    const { cookie, csrf } = await session();
    expect((await fetch(url('/dashboard/logout'), { method: 'POST', headers: { cookie } })).status).toBe(403);
    const out = await fetch(url('/dashboard/logout'), { method: 'POST', headers: { cookie, 'x-csrf-token': csrf } });
    expect(out.status).toBe(204);
    expect(out.headers.getSetCookie().find((c) => c.startsWith('pv_session='))).toMatch(/^pv_session=; .*Max-Age=0/);
    expect((await fetch(url('/dashboard/session'), { headers: { cookie } })).status).toBe(401);
    expect((await fetch(url('/dashboard'), { headers: { cookie }, redirect: 'manual' })).status).toBe(303);
  });

  it('counts wrong keys at the sign-in form towards the failed authentication limit', async () => {
    // AUTH_FAILURE_LIMIT=8, some spent by the requests without credentials above.
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) statuses.push((await signIn(`guess-${i}-0123456789abcdef`)).status);
    const first = statuses.indexOf(429);
    expect(first).toBeGreaterThan(0);
    expect(statuses.slice(0, first).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(first).every((s) => s === 429)).toBe(true);
    const refused = await signIn(ADMIN_KEY);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await refused.text()).toContain('Too many failed authentications');
  });
});
