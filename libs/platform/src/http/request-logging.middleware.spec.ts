import type { Request } from 'express';
import { acceptRequestId, routeOf, UNMATCHED_ROUTE } from './request-logging.middleware';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('acceptRequestId', () => {
  it.each(['req-0123456789', '3f2c9a1e-5b7d-4c1a-9e8f-0a1b2c3d4e5f', 'trace:abc.def_123'])(
    'keeps a well-formed incoming id (%s)',
    (id) => {
      expect(acceptRequestId(id)).toBe(id);
    },
  );

  it.each([
    undefined,
    '',
    'short',
    'has space 123456',
    'quote"0123456789',
    'line\nbreak0123456',
    'x'.repeat(129),
    '-leading-dash-123',
  ])('replaces %j with a fresh UUID', (id) => {
    expect(acceptRequestId(id)).toMatch(UUID);
  });

  it('takes the first of repeated headers', () => {
    expect(acceptRequestId(['first-id-123', 'second-id-456'])).toBe('first-id-123');
  });
});

describe('routeOf', () => {
  it('is the matched route pattern, not the URL', () => {
    expect(
      routeOf({ baseUrl: '', route: { path: '/v1/alerts/:id' }, url: '/v1/alerts/al_1' } as unknown as Request),
    ).toBe('/v1/alerts/:id');
  });

  it('is one shared label when nothing matched', () => {
    expect(routeOf({ baseUrl: '', url: '/wp-admin.php' } as unknown as Request)).toBe(UNMATCHED_ROUTE);
  });
});
