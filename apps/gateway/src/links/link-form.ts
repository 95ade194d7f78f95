import type { Request } from 'express';
import type { RequestBodyOptions } from '../openapi/request-body.interceptor';

/**
 * The bodies link forms post: `application/x-www-form-urlencoded` (a survey comment, RFC 8058's
 * `List-Unsubscribe=One-Click`), or `text/plain` from old clients, up to 16 KB, read by
 * `express.urlencoded`. Any other media type is refused (415).
 */
export const LINK_FORM_BODY: RequestBodyOptions = {
  urlencoded: { limit: 16 * 1024, types: ['application/x-www-form-urlencoded', 'text/plain'] },
};

/** The string fields of a parsed link form. */
export function formFields(req: Request): URLSearchParams {
  const params = new URLSearchParams();
  const body: unknown = (req as Request & { body?: unknown }).body;
  if (body && typeof body === 'object')
    for (const [key, value] of Object.entries(body as Record<string, unknown>))
      if (typeof value === 'string') params.set(key, value);
  return params;
}
