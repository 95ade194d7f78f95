import { applyDecorators, Header } from '@nestjs/common';

/**
 * Headers of every link page: HTML, never cached or indexed, no Referer (the URL carries the
 * token), no scripts.
 */
export const LINK_PAGE_HEADERS: Readonly<Record<string, string>> = {
  'Content-Type': 'text/html; charset=utf-8',
  'Cache-Control': 'no-store',
  'Referrer-Policy': 'no-referrer',
  'X-Robots-Tag': 'noindex, nofollow',
  'Content-Security-Policy':
    "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; form-action 'self'; frame-ancestors 'none'",
};

export function LinkPage(): MethodDecorator {
  return applyDecorators(...Object.entries(LINK_PAGE_HEADERS).map(([name, value]) => Header(name, value)));
}
