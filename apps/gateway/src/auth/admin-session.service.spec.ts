import { AppConfig, Clock } from '@postventa/platform';
import type { Request, Response } from 'express';
import { AdminSessionError } from './admin-session.error';
import { AdminSessionService, SESSION_COOKIE, SESSION_TTL_SECONDS } from './admin-session.service';

const KEY_A = 'admin-key-a-0123456789abcdef';
const KEY_B = 'admin-key-b-0123456789abcdef';

class FixedClock extends Clock {
  constructor(public at: Date) {
    super();
  }
  override now(): Date {
    return this.at;
  }
}

function service(keys: string, clock: Clock): AdminSessionService {
  return new AdminSessionService(AppConfig.fromEnvironment({ ADMIN_API_KEYS: keys }), clock);
}

function request(cookie: string | undefined, method = 'GET', headers: Record<string, string> = {}): Request {
  return { method, secure: false, headers: { ...(cookie ? { cookie } : {}), ...headers } } as unknown as Request;
}

function response(): Response & { cookies: string[] } {
  const cookies: string[] = [];
  return {
    cookies,
    append(name: string, value: string) {
      if (name === 'Set-Cookie') cookies.push(value);
      return this;
    },
  } as unknown as Response & { cookies: string[] };
}

function signIn(sessions: AdminSessionService, user: string, keyIndex: number): string {
  const res = response();
  sessions.start(request(undefined, 'POST'), res, user, keyIndex);
  return res.cookies[0].split(';')[0];
}

describe('AdminSessionService', () => {
  const clock = new FixedClock(new Date('2026-03-01T10:00:00Z'));

  it('issues an HttpOnly, SameSite=Strict cookie that a gateway with the same keys accepts', () => {
    const res = response();
    service(`${KEY_A},${KEY_B}`, clock).start(request(undefined, 'POST'), res, 'Ana <lead>', 1);
    expect(res.cookies[0]).toMatch(new RegExp(`^${SESSION_COOKIE}=[^;]+; Path=/; Max-Age=${SESSION_TTL_SECONDS}`));
    expect(res.cookies[0]).toContain('HttpOnly');
    expect(res.cookies[0]).toContain('SameSite=Strict');
    expect(res.cookies[0]).not.toContain('Secure');

    const other = service(`${KEY_A},${KEY_B}`, clock);
    const session = other.read(request(res.cookies[0].split(';')[0]));
    expect(session?.user).toBe('Ana <lead>');
    expect(session?.csrfToken).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuses a tampered, expired or signed-out session, and one whose key was removed', () => {
    const sessions = service(`${KEY_A},${KEY_B}`, clock);
    const cookie = signIn(sessions, 'ana', 0);
    const [name, value] = cookie.split('=');
    const parts = value.split('.');
    const forged = `${name}=${Buffer.from('mallory').toString('base64url')}.${parts.slice(1).join('.')}`;
    expect(sessions.read(request(forged))).toBeUndefined();

    expect(service(KEY_B, clock).read(request(cookie))).toBeUndefined();

    const later = new FixedClock(new Date(clock.at.getTime() + (SESSION_TTL_SECONDS - 1) * 1000));
    expect(service(`${KEY_A},${KEY_B}`, later).read(request(cookie))).toBeDefined();
    const afterExpiry = new FixedClock(new Date(clock.at.getTime() + (SESSION_TTL_SECONDS + 1) * 1000));
    expect(service(`${KEY_A},${KEY_B}`, afterExpiry).read(request(cookie))).toBeUndefined();

    expect(sessions.read(request(cookie))).toBeDefined();
    sessions.end(request(cookie, 'POST'), response());
    expect(sessions.read(request(cookie))).toBeUndefined();
  });

  it('requires the session CSRF token on unsafe methods only', () => {
    const sessions = service(KEY_A, clock);
    const cookie = signIn(sessions, 'ana', 0);
    const token = sessions.read(request(cookie))!.csrfToken;
    expect(sessions.authenticate(request(cookie, 'GET')).user).toBe('ana');
    expect(() => sessions.authenticate(request(cookie, 'POST'))).toThrow(AdminSessionError);
    expect(() => sessions.authenticate(request(cookie, 'POST', { 'x-csrf-token': 'f'.repeat(64) }))).toThrow(
      expect.objectContaining({ code: 'SESSION_CSRF_INVALID', httpStatus: 403 }),
    );
    expect(sessions.authenticate(request(cookie, 'POST', { 'x-csrf-token': token })).user).toBe('ana');
    expect(() => sessions.authenticate(request(undefined, 'GET'))).toThrow(
      expect.objectContaining({ code: 'SESSION_INVALID', httpStatus: 401 }),
    );
  });

  it('marks the cookies Secure when the request came over HTTPS', () => {
    const res = response();
    const sessions = service(KEY_A, clock);
    sessions.start({ ...request(undefined, 'POST'), secure: true } as Request, res, 'ana', 0);
    sessions.loginFormToken({ ...request(undefined), secure: true } as Request, res);
    expect(res.cookies).toHaveLength(2);
    for (const cookie of res.cookies) expect(cookie).toMatch(/; HttpOnly; SameSite=Strict; Secure$/);
  });

  it('finds which admin key was given', () => {
    const sessions = service(`${KEY_A},${KEY_B}`, clock);
    expect(sessions.keyIndex(KEY_B)).toBe(1);
    expect(sessions.keyIndex('nope-0123456789abcdef')).toBe(-1);
  });
});
