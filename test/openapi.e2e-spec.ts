import { RunningApp } from '@postventa/platform';
import { request as httpRequest } from 'node:http';
import { AdminGateway, startAdminGateway, TEST_ADMIN_KEY } from './support/admin-gateway';

const ADMIN_KEY = TEST_ADMIN_KEY;

interface Operation {
  security?: Array<Record<string, unknown>>;
}
interface OpenApiDoc {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: { securitySchemes: Record<string, { type: string; scheme?: string }> };
}
interface ExpressLayer {
  route?: { path: string; methods: Record<string, boolean> };
}

/**
 * Routes that are not API and are left out of the document, and why:
 * - link pages and pixels for customers' mail clients (`/s`, `/u`, `/o`, `/c`, the alert acknowledge link): HTML, signed links;
 * - the dashboard (`/dashboard...`): HTML pages, its assets and its sign-in form;
 * - the document and its UI themselves.
 */
const NOT_API = [
  /^\/(s|u|c)\/\{token\}$/,
  /^\/o\/\{token\}\.gif$/,
  /^\/alerts\/\{id\}\/acknowledge$/,
  /^\/dashboard/,
  /^\/docs/,
  /^\/openapi\.json$/,
];

/** Sends headers announcing `declared` bytes and only `sent` of them, then waits for the answer (or gives up on a silent server). */
function partialPost(
  url: string,
  path: string,
  headers: Record<string, string>,
  declared: number,
  sent: number,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${url}${path}`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json', 'content-length': String(declared) },
    });
    req.on('response', (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => {
        req.destroy();
        resolve({ status: res.statusCode ?? 0, body });
      });
    });
    req.on('error', reject);
    // The rest of the body never comes: only a server that answers without reading it can answer.
    req.write(`{"pad":"${'x'.repeat(Math.max(0, sent - 10))}`);
  });
}

describe('OpenAPI document, docs UI, admin auth and request bodies (real gateway)', () => {
  let stack: AdminGateway;
  let gateway: RunningApp;
  let doc: OpenApiDoc;

  beforeAll(async () => {
    stack = await startAdminGateway({ AUTH_FAILURE_LIMIT: '100000' });
    gateway = stack.gateway;
    const response = await fetch(`${gateway.url}/openapi.json`);
    expect(response.status).toBe(200);
    doc = (await response.json()) as OpenApiDoc;
  });
  afterAll(() => stack?.stop());

  const admin = { authorization: `Bearer ${ADMIN_KEY}` };

  it('documents every route the gateway serves (from its router), except the pages that are not API', () => {
    const express = gateway.app.getHttpAdapter().getInstance() as { router: { stack: ExpressLayer[] } };
    const stack = express.router.stack;
    const routes = stack
      .filter((layer) => layer.route)
      .flatMap((layer) =>
        Object.keys(layer.route!.methods)
          .filter((method) => method !== '_all')
          .map((method) => ({ method, path: layer.route!.path.replace(/:([A-Za-z_]+)/g, '{$1}') })),
      );
    expect(routes.length).toBeGreaterThan(20);
    const api = routes.filter((r) => !NOT_API.some((re) => re.test(r.path)));
    const missing = api.filter((r) => !doc.paths[r.path]?.[r.method]).map((r) => `${r.method.toUpperCase()} ${r.path}`);
    expect(missing).toEqual([]);
    for (const path of ['/v1/flows', '/v1/flows/{id}', '/v1/alerts/{id}/reopen', '/v1/customers', '/v1/events'])
      expect(doc.paths[path]).toBeDefined();
    // Nothing is documented that is not served.
    const served = new Set(routes.map((r) => `${r.method} ${r.path}`));
    const phantom = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops)
        .filter((method) => !served.has(`${method} ${path}`))
        .map((method) => `${method} ${path}`),
    );
    expect(phantom).toEqual([]);
  });

  it('declares the admin bearer scheme and the ingest schemes', () => {
    expect(doc.components.securitySchemes.admin).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(doc.paths['/v1/events'].post.security).toEqual(
      expect.arrayContaining([{ ingestKey: [] }, { ingestSignature: [] }]),
    );
    expect(doc.paths['/v1/flows'].get.security).toEqual([{ admin: [] }]);
  });

  it('serves swagger-ui from this origin under a CSP that allows only it', async () => {
    const page = await fetch(`${gateway.url}/docs`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/https?:/);
    const html = await page.text();
    expect(html).toContain('swagger-ui-bundle.js');
    expect(html).not.toMatch(/src="https?:/);
    const bundle = await fetch(`${gateway.url}/docs/swagger-ui-bundle.js`);
    expect(bundle.status).toBe(200);
    // Read to the end: an unread body of this size holds its connection open after the gateway
    // closes, and the test worker cannot exit.
    await bundle.arrayBuffer();
    const init = await fetch(`${gateway.url}/docs/swagger-ui-init.js`);
    expect(init.status).toBe(200);
    expect(await init.text()).toContain('SwaggerUIBundle');
  });

  it('answers 401 on every admin route of the document without a key and with a wrong key', async () => {
    const adminOps = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops)
        .filter(([, op]) => op.security?.some((s) => 'admin' in s))
        .map(([method]) => ({ method: method.toUpperCase(), path: path.replace(/\{[^}]+\}/g, 'x') })),
    );
    expect(adminOps.length).toBeGreaterThanOrEqual(20);
    for (const { method, path } of adminOps) {
      const attempts: Array<Record<string, string>> = [{}, { authorization: 'Bearer wrong-key-0123456789abcdef' }];
      for (const headers of attempts) {
        const response = await fetch(`${gateway.url}${path}`, {
          method,
          headers: { 'content-type': 'application/json', ...headers },
          body: method === 'GET' ? undefined : '{}',
        });
        expect({ method, path, status: response.status }).toEqual({ method, path, status: 401 });
      }
    }
  });

  it('names every failing field of a validation error', async () => {
    const response = await fetch(`${gateway.url}/v1/flows/simulate`, {
      method: 'POST',
      headers: { ...admin, 'content-type': 'application/json' },
      body: JSON.stringify({ flow: { id: 'x' }, events: [], horizon: 'soon' }),
    });
    expect(response.status).toBe(400);
    const { error } = (await response.json()) as {
      error: { code: string; message: string; path: string; fields: Array<{ path: string }>; correlationId: string };
    };
    expect(error.code).toBe('FLOW_INVALID_REQUEST');
    expect(error.fields.map((f) => f.path).sort()).toEqual(['events', 'horizon']);
    expect(error.message).toMatch(/^body\.(events|horizon): /);
    expect(error.correlationId).toBe(response.headers.get('x-request-id'));
  });

  it('answers an oversized JSON body with 413, malformed JSON with 400 and another media type with 415, as JSON', async () => {
    const post = (body: string, type = 'application/json') =>
      fetch(`${gateway.url}/v1/alerts/al_x/resolve`, {
        method: 'POST',
        headers: { ...admin, 'content-type': type },
        body,
      });
    const big = await post(JSON.stringify({ actor: 'a', note: 'x'.repeat(70 * 1024) }));
    expect(big.status).toBe(413);
    expect(await big.json()).toMatchObject({ error: { code: 'BODY_TOO_LARGE' } });
    const malformed = await post('{"actor": ');
    expect(malformed.status).toBe(400);
    expect(malformed.headers.get('content-type')).toContain('application/json');
    expect(await malformed.json()).toMatchObject({ error: { code: 'ALERT_INVALID_REQUEST' } });
    const text = await post('actor=a', 'text/plain');
    expect(text.status).toBe(415);
    expect(await text.json()).toMatchObject({ error: { code: 'UNSUPPORTED_MEDIA_TYPE' } });
  });

  it('refuses an unauthenticated admin POST with 401 without reading its body', async () => {
    const answer = await partialPost(gateway.url, '/v1/flows', {}, 10 * 1024 * 1024, 1024);
    expect(answer.status).toBe(401);
    expect(JSON.parse(answer.body)).toMatchObject({ error: { code: 'ADMIN_UNAUTHORIZED' } });
  });

  it('refuses an authenticated body whose declared length is over the limit before reading it', async () => {
    const answer = await partialPost(gateway.url, '/v1/alerts/al_x/resolve', admin, 10 * 1024 * 1024, 1024);
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body)).toMatchObject({ error: { code: 'BODY_TOO_LARGE' } });
  });

  it('refuses a link form over 16 KB with 413 and another media type with 415, as the link error page', async () => {
    const post = (body: string, type: string) =>
      fetch(`${gateway.url}/u/not-a-token`, { method: 'POST', headers: { 'content-type': type }, body });
    const big = await post(`List-Unsubscribe=One-Click&pad=${'x'.repeat(20_000)}`, 'application/x-www-form-urlencoded');
    expect(big.status).toBe(413);
    expect(big.headers.get('content-type')).toContain('text/html');
    expect((await post('{}', 'application/json')).status).toBe(415);
    // A well-formed form reaches the link check: this token is not a link.
    expect((await post('List-Unsubscribe=One-Click', 'application/x-www-form-urlencoded')).status).toBe(400);
  });
});
