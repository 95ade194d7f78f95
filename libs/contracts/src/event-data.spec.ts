import fc from 'fast-check';
import { ContractErrorCode } from './contract-error';
import { RESERVED_EVENT_TYPES, type ReservedEventType } from './event-types';
import { validateEvent } from './event-validator';
import { SURVEY_KINDS, SURVEY_SCORE_RANGES } from './primitives.schema';
import { SAMPLE_CUSTOMER_ID, SAMPLE_EVENT_DATA, SAMPLE_TIME } from './sample-events';

function envelope(type: string, data: unknown): Record<string, unknown> {
  return { specversion: '1.0', id: 'evt_1', source: '/shop', type, time: SAMPLE_TIME, subject: SAMPLE_CUSTOMER_ID, data };
}

function withData(type: ReservedEventType, patch: Record<string, unknown>, remove: string[] = []): Record<string, unknown> {
  const data: Record<string, unknown> = { ...structuredClone(SAMPLE_EVENT_DATA[type]), ...patch };
  for (const key of remove) delete data[key];
  return envelope(type, data);
}

describe('reserved event data', () => {
  it.each(RESERVED_EVENT_TYPES.map((type) => [type]))('accepts the sample %s', (type) => {
    const result = validateEvent(envelope(type, SAMPLE_EVENT_DATA[type]));
    expect(result).toMatchObject({ ok: true, event: { type, data: SAMPLE_EVENT_DATA[type] } });
  });

  it.each(RESERVED_EVENT_TYPES.map((type) => [type]))('keeps unknown data fields of %s (forward compatible)', (type) => {
    const result = validateEvent(withData(type, { future_field: { x: 1 } }));
    expect(result.ok && result.event.data.future_field).toEqual({ x: 1 });
  });

  it.each(RESERVED_EVENT_TYPES.map((type) => [type]))('rejects %s with an array as data', (type) => {
    expect(validateEvent(envelope(type, []))).toMatchObject({
      ok: false,
      error: { code: ContractErrorCode.SchemaViolation, path: 'data' },
    });
  });

  type Case = [label: string, type: ReservedEventType, patch: Record<string, unknown>, remove: string[], path: string];
  const invalid: Case[] = [
    ['order without order_id', 'order.placed', {}, ['order_id'], 'data.order_id'],
    ['empty order_id', 'order.paid', { order_id: '' }, [], 'data.order_id'],
    ['zero quantity', 'order.placed', { items: [{ sku: 'A', name: 'A', quantity: 0, unit_price: 1 }] }, [], 'data.items[0].quantity'],
    ['fractional quantity', 'order.placed', { items: [{ sku: 'A', name: 'A', quantity: 1.5, unit_price: 1 }] }, [], 'data.items[0].quantity'],
    ['negative unit price', 'order.placed', { items: [{ sku: 'A', name: 'A', quantity: 1, unit_price: -1 }] }, [], 'data.items[0].unit_price'],
    ['item without sku', 'order.placed', { items: [{ name: 'A', quantity: 1, unit_price: 1 }] }, [], 'data.items[0].sku'],
    ['lowercase currency', 'order.placed', { currency: 'mxn' }, [], 'data.currency'],
    ['four-letter currency', 'order.paid', { currency: 'EURO' }, [], 'data.currency'],
    ['negative total', 'order.placed', { total: -5 }, [], 'data.total'],
    ['total as string', 'order.placed', { total: '131.31' }, [], 'data.total'],
    ['bad paid_at', 'order.paid', { paid_at: 'yesterday' }, [], 'data.paid_at'],
    ['bad estimated_delivery', 'order.shipped', { estimated_delivery: '18/03/2025' }, [], 'data.estimated_delivery'],
    ['impossible estimated_delivery', 'order.shipped', { estimated_delivery: '2025-02-30' }, [], 'data.estimated_delivery'],
    ['tracking_url not http', 'order.shipped', { tracking_url: 'ftp://x.example.com' }, [], 'data.tracking_url'],
    ['bad delivered_at', 'order.delivered', { delivered_at: '2025-03-18 11:42' }, [], 'data.delivered_at'],
    ['unknown cancelled_by', 'order.cancelled', { cancelled_by: 'robot' }, [], 'data.cancelled_by'],
    ['refund without amount', 'order.refunded', {}, ['amount'], 'data.amount'],
    ['negative refund', 'order.refunded', { amount: -1 }, [], 'data.amount'],
    ['returned item without quantity', 'order.returned', { items: [{ sku: 'A' }] }, [], 'data.items[0].quantity'],
    ['account without account_id', 'account.created', {}, ['account_id'], 'data.account_id'],
    ['activation without product', 'product.activated', {}, ['product_id', 'sku'], 'data.product_id'],
    ['first use without product', 'product.first_used', {}, ['product_id', 'sku'], 'data.product_id'],
    ['usage without feature', 'product.used', {}, ['feature'], 'data.feature'],
    ['usage count zero', 'product.used', { count: 0 }, [], 'data.count'],
    ['negative duration', 'product.used', { duration_seconds: -1 }, [], 'data.duration_seconds'],
    ['milestone missing', 'usage.milestone', {}, ['milestone'], 'data.milestone'],
    ['milestone value not a number', 'usage.milestone', { value: 'ten' }, [], 'data.value'],
    ['ticket without id', 'ticket.opened', {}, ['ticket_id'], 'data.ticket_id'],
    ['unknown priority', 'ticket.opened', { priority: 'p1' }, [], 'data.priority'],
    ['reopened not boolean', 'ticket.opened', { reopened: 'yes' }, [], 'data.reopened'],
    ['resolved without id', 'ticket.resolved', {}, ['ticket_id'], 'data.ticket_id'],
    ['satisfied not boolean', 'ticket.resolved', { satisfied: 1 }, [], 'data.satisfied'],
    ['survey without survey_id', 'survey.answered', {}, ['survey_id'], 'data.survey_id'],
    ['unknown survey kind', 'survey.answered', { kind: 'stars' }, [], 'data.kind'],
    ['survey flow_version zero', 'survey.answered', { flow_version: 0 }, [], 'data.flow_version'],
    ['open without delivery ref', 'email.opened', {}, ['delivery_id', 'command_id'], 'data.delivery_id'],
    ['click without url', 'email.clicked', {}, ['url'], 'data.url'],
    ['click with javascript url', 'email.clicked', { url: 'javascript:alert(1)' }, [], 'data.url'],
    ['click without delivery ref', 'email.clicked', {}, ['delivery_id', 'command_id'], 'data.delivery_id'],
    ['unknown unsubscribe category', 'customer.unsubscribed', { category: 'sms' }, [], 'data.category'],
    ['entered without flow', 'journey.entered', {}, ['flow'], 'data.flow'],
    ['flow version not integer', 'journey.entered', { flow: { id: 'f', version: 1.5 } }, [], 'data.flow.version'],
    ['step without outcome', 'journey.step', {}, ['outcome'], 'data.outcome'],
    ['unknown moment', 'journey.step', { moment: 'zmot' }, [], 'data.moment'],
    ['unknown exit outcome', 'journey.exited', { outcome: 'vanished' }, [], 'data.outcome'],
    ['conversion without goal', 'journey.converted', {}, ['goal'], 'data.goal'],
    ['sent without template', 'email.sent', {}, ['template'], 'data.template'],
    ['sent with unknown category', 'email.sent', { category: 'promo' }, [], 'data.category'],
    ['failed without retryable', 'email.failed', {}, ['retryable'], 'data.retryable'],
    ['bounce of unknown type', 'email.bounced', { bounce_type: 'medium' }, [], 'data.bounce_type'],
    ['alert without severity', 'alert.raised', {}, ['severity'], 'data.severity'],
    ['alert with unknown severity', 'alert.raised', { severity: 'urgent' }, [], 'data.severity'],
    ['acknowledged without owner', 'alert.acknowledged', {}, ['owner'], 'data.owner'],
    ['resolved alert without id', 'alert.resolved', {}, ['alert_id'], 'data.alert_id'],
    ['escalation level zero', 'alert.escalated', { level: 0 }, [], 'data.level'],
    ['risk without level', 'risk.changed', {}, ['level'], 'data.level'],
    ['risk factor without code', 'risk.changed', { factors: [{ weight: 1 }] }, [], 'data.factors[0].code'],
    ['timer without due_at', 'timer.fired', {}, ['due_at'], 'data.due_at'],
  ];

  it('has at least one invalid example per reserved type', () => {
    const covered = new Set(invalid.map(([, type]) => type));
    expect(RESERVED_EVENT_TYPES.filter((type) => !covered.has(type))).toEqual([]);
  });

  it.each(invalid)('rejects %s (%s) at %s', (_label, type, patch, remove, path) => {
    const result = validateEvent(withData(type, patch, remove));
    expect(result).toMatchObject({ ok: false, error: { code: ContractErrorCode.SchemaViolation, path } });
    if (!result.ok) expect(result.error.message.startsWith(path)).toBe(true);
  });

  it('says a missing field is required', () => {
    const result = validateEvent(withData('order.placed', {}, ['order_id']));
    expect(!result.ok && result.error.message).toBe('data.order_id is required');
  });
});

describe('survey scores by kind', () => {
  const cases: [kind: string, score: number, ok: boolean][] = [
    ['nps', 0, true],
    ['nps', 10, true],
    ['nps', -1, false],
    ['nps', 11, false],
    ['nps', 7.5, false],
    ['csat', 1, true],
    ['csat', 5, true],
    ['csat', 0, false],
    ['csat', 6, false],
    ['ces', 1, true],
    ['ces', 7, true],
    ['ces', 0, false],
    ['ces', 8, false],
  ];

  it.each(cases)('%s score %d → ok %s', (kind, score, ok) => {
    const result = validateEvent(withData('survey.answered', { kind, score }));
    expect(result.ok).toBe(ok);
    if (!result.ok) {
      expect(result.error).toMatchObject({ code: ContractErrorCode.SchemaViolation, path: 'data.score' });
      expect(result.error.message).toMatch(/^data\.score must be a whole number from \d+ to \d+ for a [A-Z]+ survey$/);
    }
  });

  it('requires a score', () => {
    const result = validateEvent(withData('survey.answered', {}, ['score']));
    expect(result).toMatchObject({ ok: false, error: { path: 'data.score', message: 'data.score is required' } });
  });

  it('requires a kind', () => {
    const result = validateEvent(withData('survey.answered', {}, ['kind']));
    expect(result).toMatchObject({ ok: false, error: { path: 'data.kind', message: 'data.kind is required' } });
  });

  it('accepts exactly the integers in each kind range', () => {
    fc.assert(
      fc.property(fc.constantFrom(...SURVEY_KINDS), fc.integer({ min: -20, max: 20 }), (kind, score) => {
        const { min, max } = SURVEY_SCORE_RANGES[kind];
        return validateEvent(withData('survey.answered', { kind, score })).ok === (score >= min && score <= max);
      }),
    );
  });
});

describe('customer block', () => {
  const cases: [label: string, customer: Record<string, unknown>, path: string | null][] = [
    ['full block', SAMPLE_EVENT_DATA['order.placed'].customer ?? {}, null],
    ['empty block', {}, null],
    ['locale es', { locale: 'es' }, null],
    ['locale pt-BR', { locale: 'pt-BR' }, null],
    ['locale zh-Hant-TW', { locale: 'zh-Hant-TW' }, null],
    ['locale with underscore', { locale: 'es_MX' }, 'data.customer.locale'],
    ['locale garbage', { locale: 'spanish!' }, 'data.customer.locale'],
    ['timezone UTC', { timezone: 'UTC' }, null],
    ['timezone Europe/Madrid', { timezone: 'Europe/Madrid' }, null],
    ['timezone unknown', { timezone: 'Mars/Olympus_Mons' }, 'data.customer.timezone'],
    ['timezone as offset', { timezone: '+01:00' }, 'data.customer.timezone'],
    ['bad email', { email: 'not-an-email' }, 'data.customer.email'],
    ['consent not boolean', { consent: { marketing: 'yes' } }, 'data.customer.consent.marketing'],
    ['attributes not an object', { attributes: ['vip'] }, 'data.customer.attributes'],
    ['empty name', { name: '' }, 'data.customer.name'],
  ];

  it.each(cases)('%s', (_label, customer, path) => {
    const result = validateEvent(withData('order.placed', { customer }));
    if (path === null) expect(result.ok).toBe(true);
    else expect(result).toMatchObject({ ok: false, error: { code: ContractErrorCode.SchemaViolation, path } });
  });

  it('is accepted on events of every domain', () => {
    for (const type of ['account.created', 'product.used', 'ticket.opened', 'survey.answered'] as const) {
      expect(validateEvent(withData(type, { customer: { locale: 'en', timezone: 'America/New_York' } })).ok).toBe(true);
    }
  });
});
