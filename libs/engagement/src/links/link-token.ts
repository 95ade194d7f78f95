import { createHmac } from 'node:crypto';
import { SURVEY_KINDS, SurveyKind } from '@postventa/contracts';
import { secretEquals } from '@postventa/platform';
import { z } from 'zod';

/**
 * Signed link tokens: the claims travel in the URL (base64url JSON) with an HMAC-SHA256 over the
 * link kind and the claims, so a link cannot be forged, altered, pointed at another customer or
 * used as another kind of link. Survey links expire; the others stay valid (RFC 8058 asks that an
 * unsubscribe link keeps working). Pure: the key and `now` are passed in.
 */

/** Where an email came from: the command and journey step behind it. */
const originSchema = z.object({
  /** command id (= delivery id) */
  m: z.string().min(1),
  /** flow id and version */
  f: z.string().min(1).optional(),
  v: z.number().int().min(1).optional(),
  /** step id, journey id, order id */
  s: z.string().min(1).optional(),
  j: z.string().min(1).optional(),
  o: z.string().min(1).optional(),
  /** template */
  t: z.string().min(1).optional(),
});

const base = { c: z.string().min(1), ...originSchema.shape };

const claimsSchema = z.discriminatedUnion('k', [
  /** survey: id, kind, locale, expiry (unix seconds) */
  z.object({
    k: z.literal('s'),
    ...base,
    i: z.string().min(1),
    n: z.enum(SURVEY_KINDS),
    l: z.string().optional(),
    x: z.number().int(),
  }),
  /** unsubscribe: category, locale */
  z.object({ k: z.literal('u'), ...base, g: z.enum(['marketing', 'all']), l: z.string().optional() }),
  /** open pixel */
  z.object({ k: z.literal('o'), ...base }),
  /** click: the destination URL itself is signed, so no other URL can be reached */
  z.object({ k: z.literal('c'), ...base, u: z.url({ protocol: /^https?$/ }), n: z.number().int().min(0).optional() }),
]);

type Claims = z.infer<typeof claimsSchema>;

export type LinkKind = 'survey' | 'unsubscribe' | 'open' | 'click';

const KIND_CODE: Record<LinkKind, Claims['k']> = { survey: 's', unsubscribe: 'u', open: 'o', click: 'c' };

/** The email a link belongs to. */
export interface LinkOrigin {
  customerId: string;
  commandId: string;
  flowId?: string;
  flowVersion?: number;
  stepId?: string;
  journeyId?: string;
  orderId?: string;
  template?: string;
}

export interface SurveyLink extends LinkOrigin {
  kind: 'survey';
  surveyId: string;
  surveyKind: SurveyKind;
  locale?: string;
  expiresAt: Date;
}

export interface UnsubscribeLink extends LinkOrigin {
  kind: 'unsubscribe';
  category: 'marketing' | 'all';
  locale?: string;
}

export interface OpenLink extends LinkOrigin {
  kind: 'open';
}

export interface ClickLink extends LinkOrigin {
  kind: 'click';
  url: string;
  /** Position of the link in the email (for click maps). */
  index?: number;
}

export type LinkClaims = SurveyLink | UnsubscribeLink | OpenLink | ClickLink;
export type LinkOfKind<K extends LinkKind> = Extract<LinkClaims, { kind: K }>;

export type LinkVerification<K extends LinkKind> =
  { ok: true; link: LinkOfKind<K> } | { ok: false; reason: 'malformed' | 'bad_signature' | 'wrong_kind' | 'expired' };

const MIN_KEY_BYTES = 32;

export function signLink(link: LinkClaims, key: string): string {
  assertKey(key);
  const payload = Buffer.from(JSON.stringify(toClaims(link)), 'utf8').toString('base64url');
  return `${payload}.${mac(key, KIND_CODE[link.kind], payload)}`;
}

/** Checks the signature, the kind and (for surveys) the expiry; never throws. */
export function verifyLink<K extends LinkKind>(token: string, kind: K, key: string, now: Date): LinkVerification<K> {
  assertKey(key);
  const dot = token.indexOf('.');
  if (dot <= 0 || dot !== token.lastIndexOf('.') || !/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(token)) {
    return { ok: false, reason: 'malformed' };
  }
  const payload = token.slice(0, dot);
  // The signature has one spelling: the canonical base64url text is compared, not the decoded
  // bytes, so variants with other unused trailing bits (`…A`, `…B`, `…C`, `…D`) are refused.
  if (!secretEquals(token.slice(dot + 1), mac(key, KIND_CODE[kind], payload))) {
    // Maybe a valid link of another kind (a survey token on /u/...): still refused.
    return { ok: false, reason: 'bad_signature' };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  const claims = claimsSchema.safeParse(parsed);
  if (!claims.success) return { ok: false, reason: 'malformed' };
  if (claims.data.k !== KIND_CODE[kind]) return { ok: false, reason: 'wrong_kind' };
  const link = fromClaims(claims.data);
  if (link.kind === 'survey' && link.expiresAt.getTime() <= now.getTime()) return { ok: false, reason: 'expired' };
  return { ok: true, link: link as LinkOfKind<K> };
}

function mac(key: string, kindCode: string, payload: string): string {
  return createHmac('sha256', key).update(`postventa-link.v1.${kindCode}.${payload}`).digest('base64url');
}

function assertKey(key: string): void {
  if (Buffer.byteLength(key, 'utf8') < MIN_KEY_BYTES)
    throw new Error(`link signing key must be at least ${MIN_KEY_BYTES} bytes`);
}

function toClaims(link: LinkClaims): Claims {
  const origin = {
    c: link.customerId,
    m: link.commandId,
    ...(link.flowId !== undefined ? { f: link.flowId } : {}),
    ...(link.flowVersion !== undefined ? { v: link.flowVersion } : {}),
    ...(link.stepId !== undefined ? { s: link.stepId } : {}),
    ...(link.journeyId !== undefined ? { j: link.journeyId } : {}),
    ...(link.orderId !== undefined ? { o: link.orderId } : {}),
    ...(link.template !== undefined ? { t: link.template } : {}),
  };
  switch (link.kind) {
    case 'survey':
      return {
        k: 's',
        ...origin,
        i: link.surveyId,
        n: link.surveyKind,
        ...(link.locale ? { l: link.locale } : {}),
        x: Math.floor(link.expiresAt.getTime() / 1000),
      };
    case 'unsubscribe':
      return { k: 'u', ...origin, g: link.category, ...(link.locale ? { l: link.locale } : {}) };
    case 'open':
      return { k: 'o', ...origin };
    case 'click':
      return { k: 'c', ...origin, u: link.url, ...(link.index !== undefined ? { n: link.index } : {}) };
  }
}

function fromClaims(claims: Claims): LinkClaims {
  const origin: LinkOrigin = {
    customerId: claims.c,
    commandId: claims.m,
    ...(claims.f !== undefined ? { flowId: claims.f } : {}),
    ...(claims.v !== undefined ? { flowVersion: claims.v } : {}),
    ...(claims.s !== undefined ? { stepId: claims.s } : {}),
    ...(claims.j !== undefined ? { journeyId: claims.j } : {}),
    ...(claims.o !== undefined ? { orderId: claims.o } : {}),
    ...(claims.t !== undefined ? { template: claims.t } : {}),
  };
  switch (claims.k) {
    case 's':
      return {
        kind: 'survey',
        ...origin,
        surveyId: claims.i,
        surveyKind: claims.n,
        ...(claims.l ? { locale: claims.l } : {}),
        expiresAt: new Date(claims.x * 1000),
      };
    case 'u':
      return { kind: 'unsubscribe', ...origin, category: claims.g, ...(claims.l ? { locale: claims.l } : {}) };
    case 'o':
      return { kind: 'open', ...origin };
    case 'c':
      return { kind: 'click', ...origin, url: claims.u, ...(claims.n !== undefined ? { index: claims.n } : {}) };
  }
}
