import { RunningApp } from '@postventa/platform';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { SmtpCaptureClient } from './support/smtp-capture.client';
import { AdminGateway, startAdminGateway, TEST_ADMIN_KEY } from './support/admin-gateway';

const ADMIN_KEY = TEST_ADMIN_KEY;

interface ErrorBody {
  error: { code: string; message: string; path?: string; variable?: string };
}

describe('templates admin API: /v1/templates (real gateway, real SMTP capture)', () => {
  let stack: AdminGateway;
  let gateway: RunningApp;

  beforeAll(async () => {
    stack = await startAdminGateway({}, { migrate: false });
    gateway = stack.gateway;
  });
  afterAll(() => stack?.stop());

  const call = (method: 'GET' | 'POST', path: string, body?: unknown, key: string | null = ADMIN_KEY) =>
    fetch(`${gateway.url}${path}`, {
      method,
      body: body === undefined ? undefined : JSON.stringify(body),
      headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
    });

  it('answers 401 without an admin key', async () => {
    for (const [method, path] of [
      ['GET', '/v1/templates'],
      ['POST', '/v1/templates/order-confirmation/preview'],
      ['POST', '/v1/templates/order-confirmation/test-send'],
    ] as const) {
      const response = await call(method, path, method === 'POST' ? {} : undefined, null);
      expect(response.status).toBe(401);
    }
    expect((await call('GET', '/v1/templates', undefined, 'wrong-key-0123456789abcdef')).status).toBe(401);
  });

  it('lists the template ids with their locales', async () => {
    const response = await call('GET', '/v1/templates');
    expect(response.status).toBe(200);
    const { templates } = (await response.json()) as { templates: Array<{ id: string; locales: string[] }> };
    expect(templates).toContainEqual({ id: 'order-confirmation', locales: ['en', 'es', 'pt'] });
  });

  it('previews order-confirmation in Spanish from its sample, without sending', async () => {
    const response = await call('POST', '/v1/templates/order-confirmation/preview', { locale: 'es' });
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, string>;
    expect(body).toMatchObject({ template: 'order-confirmation', locale: 'es' });
    expect(body.subject).toBe('Pedido LM-10482 confirmado: ¡gracias!');
    expect(body.html).toContain('<html lang="es">');
    expect(body.html).toContain('¡Gracias por tu pedido!');
    expect(body.text).toContain('LM-10482');
    expect(body.preheader.length).toBeGreaterThan(0);
    expect(body.templateVersion).toMatch(/\S/);
  });

  it('previews with the context and data of the request', async () => {
    const sample = JSON.parse(readFileSync('flows/templates/order-confirmation/sample.json', 'utf8'));
    sample.context.order.order_id = 'API-7';
    const response = await call('POST', '/v1/templates/order-confirmation/preview', {
      locale: 'pt',
      context: sample.context,
      data: {},
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, string>;
    expect(body.locale).toBe('pt');
    expect(body.html).toContain('API-7');
  });

  it('answers 422 with the template error code when data lacks a required variable', async () => {
    const response = await call('POST', '/v1/templates/refund-feedback/preview', {
      locale: 'es',
      data: { amount: 135 },
    });
    expect(response.status).toBe(422);
    const { error } = (await response.json()) as ErrorBody;
    expect(error.code).toBe('MISSING_VARIABLE');
    expect(error.variable).toBe('data.currency');
    expect(error.message).toContain('data.currency');
  });

  it('answers 404 to an unknown template and 400 naming a bad field', async () => {
    const missing = await call('POST', '/v1/templates/no-such-template/preview', {});
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as ErrorBody).error.code).toBe('TEMPLATE_NOT_FOUND');

    const bad = await call('POST', '/v1/templates/order-confirmation/preview', { data: 'nope' });
    expect(bad.status).toBe(400);
    const { error } = (await bad.json()) as ErrorBody;
    expect(error).toMatchObject({ code: 'TEMPLATE_INVALID_REQUEST', path: 'data' });
    expect(error.message).toMatch(/^body\.data: /);

    const noTo = await call('POST', '/v1/templates/order-confirmation/test-send', { to: 'not-an-address' });
    expect(noTo.status).toBe(400);
    expect(((await noTo.json()) as ErrorBody).error.path).toBe('to');

    const notJson = await fetch(`${gateway.url}/v1/templates/order-confirmation/preview`, {
      method: 'POST',
      body: '{"locale":',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_KEY}` },
    });
    expect(notJson.status).toBe(400);
    expect(((await notJson.json()) as ErrorBody).error.code).toBe('TEMPLATE_INVALID_REQUEST');
  });

  it('sends exactly one test email, marked as a test', async () => {
    const to = `tpl.${randomUUID().slice(0, 8)}@example.com`;
    const response = await call('POST', '/v1/templates/order-confirmation/test-send', { to, locale: 'es' });
    expect(response.status).toBe(202);
    const sent = (await response.json()) as { messageId: string; subject: string };
    expect(sent.subject).toBe('[TEST] Pedido LM-10482 confirmado: ¡gracias!');
    expect(sent.messageId).toMatch(/^<test-.+@.+>$/);

    const capture = new SmtpCaptureClient();
    const [mail] = await capture.waitFor(to, 1);
    expect(mail.subject).toMatch(/^\[TEST\] /);
    expect(mail.headers['x-postventa-test']).toBe('true');
    await new Promise((r) => setTimeout(r, 500));
    expect(await capture.messages(to)).toHaveLength(1);
  });
});
