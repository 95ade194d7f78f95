import { Injectable } from '@nestjs/common';
import {
  AppConfig,
  Clock,
  readSignatureHeader,
  secretEquals,
  signatureMatches,
  signPayload,
} from '@postventa/platform';
import type { Request, Response } from 'express';
import { createHmac, randomBytes } from 'node:crypto';
import { AdminSessionError, AdminSessionErrorCode } from './admin-session.error';

/*
 * Dashboard sessions: a browser signs in once with an admin key (ADMIN_API_KEYS) at
 * `/dashboard/login` and then carries a session cookie instead of the key.
 *
 * The cookie is stateless, so any number of gateways accept it without a shared store:
 *
 *   pv_session=<base64url user name>.<session id>.<issued at, unix s>.<hex HMAC>
 *
 * The HMAC is the project's one request signature (hmac-signature in libs/platform:
 * `HMAC-SHA256(secret, "<t>.<body>")`), with body `admin-session.v1.<user>.<session id>` and a
 * secret derived from the admin key that signed in (`HMAC-SHA256(key, "postventa admin session")`).
 * A session is therefore valid only while that key is still in ADMIN_API_KEYS (removing a key
 * signs out everyone who used it) and only for SESSION_TTL_SECONDS after it was issued (the
 * signature timestamp's tolerance). Signing out also remembers the session id until it would have
 * expired, in this gateway's memory (other gateways still accept it until it expires; removing
 * the key is the way to end sessions everywhere).
 *
 * The cookie is HttpOnly, SameSite=Strict, Path=/, and Secure when the request came over HTTPS
 * (`req.secure`, which follows GATEWAY_TRUST_PROXY behind a TLS-terminating proxy).
 *
 * CSRF: every request other than GET / HEAD / OPTIONS made with the cookie must carry
 * `X-CSRF-Token: <token>`, where the token is `HMAC-SHA256(derived secret, "csrf.<session id>")`
 * (bound to the session, so nothing is stored). The page reads it from `GET /dashboard/session`,
 * which another origin cannot read (no CORS). SameSite=Strict already keeps the cookie off
 * cross-site requests; the token is the second lock.
 *
 * How AdminAuthGuard accepts a session (apps/gateway/src/alerts/admin-auth.guard.ts): a request
 * with `Authorization: Bearer <key>` is checked as before (the key wins; no CSRF token is needed,
 * since a browser never adds that header by itself). A request without it but with the session
 * cookie is passed to `authenticate(request)`, which returns the session or throws
 * AdminSessionError (401 invalid / expired, 403 missing CSRF token on an unsafe method). Those
 * refusals do not count as failed authentications for AUTH_FAILURE_LIMIT: a signed cookie cannot
 * be guessed, and a page holding an expired cookie makes several requests at once. Wrong keys at
 * the login form do count, in the same 'admin' scope as wrong Bearer keys.
 */

export const SESSION_COOKIE = 'pv_session';
/** Double-submit cookie of the login form (the form carries the same random value). */
export const LOGIN_COOKIE = 'pv_login';
export const CSRF_HEADER = 'x-csrf-token';
export const SESSION_TTL_SECONDS = 8 * 3600;
const LOGIN_FORM_TTL_SECONDS = 3600;
const BODY_PREFIX = 'admin-session.v1';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface AdminSession {
  /** The name given at sign-in (used as the actor of alert changes). */
  user: string;
  id: string;
  issuedAt: Date;
  expiresAt: Date;
  csrfToken: string;
}

@Injectable()
export class AdminSessionService {
  private readonly keys: readonly string[];
  /** Per admin key, the secret that signs its sessions. */
  private readonly secrets: readonly string[];
  /** Signed-out session ids → when they expire anyway (epoch s). */
  private readonly signedOut = new Map<string, number>();

  constructor(
    config: AppConfig,
    private readonly clock: Clock,
  ) {
    this.keys = config.get('ADMIN_API_KEYS');
    this.secrets = this.keys.map((key) => createHmac('sha256', key).update('postventa admin session').digest('hex'));
  }

  get enabled(): boolean {
    return this.secrets.length > 0;
  }

  /** Which admin key `given` is (every key is compared, in constant time), or -1. */
  keyIndex(given: string): number {
    let index = -1;
    this.keys.forEach((key, i) => {
      if (secretEquals(given, key) && index < 0) index = i;
    });
    return index;
  }

  /** Whether the request carries a session cookie at all (valid or not). */
  hasSession(request: Request): boolean {
    return readCookie(request, SESSION_COOKIE) !== undefined;
  }

  /** A new session for whoever presented the admin key at index `keyIndex`, set as the cookie. */
  start(request: Request, response: Response, user: string, keyIndex: number): AdminSession {
    const secret = this.secrets[keyIndex];
    const now = this.nowSeconds();
    const id = randomBytes(18).toString('base64url');
    const encodedUser = Buffer.from(user, 'utf8').toString('base64url');
    const signature = signPayload(secret, `${BODY_PREFIX}.${encodedUser}.${id}`, now);
    const mac = signature.slice(signature.indexOf('v1=') + 3);
    setCookie(request, response, SESSION_COOKIE, `${encodedUser}.${id}.${now}.${mac}`, '/', SESSION_TTL_SECONDS);
    return this.session(user, id, now, secret);
  }

  /**
   * The request's session, or AdminSessionError: 401 when there is none or it is not valid,
   * 403 when an unsafe method lacks the session's `X-CSRF-Token`.
   */
  authenticate(request: Request): AdminSession {
    const session = this.read(request);
    if (!session)
      throw new AdminSessionError(AdminSessionErrorCode.SessionInvalid, 'Sign in again: the session is not valid');
    if (!SAFE_METHODS.has(request.method.toUpperCase())) {
      const given = request.headers[CSRF_HEADER];
      const token = Array.isArray(given) ? given[0] : given;
      if (!token || !secretEquals(token, session.csrfToken))
        throw new AdminSessionError(
          AdminSessionErrorCode.CsrfInvalid,
          'The X-CSRF-Token header is missing or does not match the session',
        );
    }
    return session;
  }

  /** The request's valid session, if any. */
  read(request: Request): AdminSession | undefined {
    const value = readCookie(request, SESSION_COOKIE);
    const parts = value?.split('.');
    if (!parts || parts.length !== 4) return undefined;
    const [encodedUser, id, issued, mac] = parts;
    const now = this.nowSeconds();
    const header = readSignatureHeader(`t=${issued},v1=${mac}`, now, SESSION_TTL_SECONDS);
    if (!header.ok || header.header.timestamp > now) return undefined;
    const body = `${BODY_PREFIX}.${encodedUser}.${id}`;
    let secret: string | undefined;
    for (const candidate of this.secrets) if (signatureMatches(candidate, header.header, body)) secret ??= candidate;
    if (!secret || this.signedOut.has(id)) return undefined;
    return this.session(Buffer.from(encodedUser, 'base64url').toString('utf8'), id, header.header.timestamp, secret);
  }

  /** Clears the cookie and forgets the session in this gateway. */
  end(request: Request, response: Response): void {
    const session = this.read(request);
    if (session) {
      const now = this.nowSeconds();
      for (const [id, until] of this.signedOut) if (until <= now) this.signedOut.delete(id);
      this.signedOut.set(session.id, Math.floor(session.expiresAt.getTime() / 1000));
    }
    setCookie(request, response, SESSION_COOKIE, '', '/', 0);
  }

  /** A fresh random value for the login form, set as its double-submit cookie. */
  loginFormToken(request: Request, response: Response): string {
    const token = randomBytes(18).toString('base64url');
    setCookie(request, response, LOGIN_COOKIE, token, '/dashboard/login', LOGIN_FORM_TTL_SECONDS);
    return token;
  }

  /** Whether the login form's hidden value matches its cookie. */
  loginFormTokenMatches(request: Request, given: string | undefined): boolean {
    const cookie = readCookie(request, LOGIN_COOKIE);
    return !!cookie && !!given && secretEquals(given, cookie);
  }

  private session(user: string, id: string, issuedAt: number, secret: string): AdminSession {
    return {
      user,
      id,
      issuedAt: new Date(issuedAt * 1000),
      expiresAt: new Date((issuedAt + SESSION_TTL_SECONDS) * 1000),
      csrfToken: createHmac('sha256', secret).update(`csrf.${id}`).digest('hex'),
    };
  }

  private nowSeconds(): number {
    return Math.floor(this.clock.now().getTime() / 1000);
  }
}

/** One cookie of the request's Cookie header (no cookie parser is installed). */
export function readCookie(request: Request, name: string): string | undefined {
  const header = request.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== name) continue;
    const value = part.slice(eq + 1).trim();
    return value === '' ? undefined : value;
  }
  return undefined;
}

function setCookie(
  request: Request,
  response: Response,
  name: string,
  value: string,
  path: string,
  maxAgeSeconds: number,
): void {
  const attributes = [`${name}=${value}`, `Path=${path}`, `Max-Age=${maxAgeSeconds}`, 'HttpOnly', 'SameSite=Strict'];
  if (request.secure) attributes.push('Secure');
  response.append('Set-Cookie', attributes.join('; '));
}
