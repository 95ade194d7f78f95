import { makeEvent, validateEvent } from '@postventa/contracts';
import { defaultNewCustomers, generateDemoStore, newRunId, type DemoStoreOptions } from './demo-store.generator';

const options: DemoStoreOptions = {
  customers: 400,
  seed: 42,
  runId: 'abc123',
  durationMs: 120_000,
  speed: 1,
  responseRate: 0.3,
  newCustomers: 300,
};

describe('generateDemoStore', () => {
  const store = generateDemoStore(options);

  it('is the same store for the same seed and another for another seed', () => {
    expect(generateDemoStore(options)).toEqual(store);
    const other = generateDemoStore({ ...options, seed: 43 });
    expect(other.customers.map((c) => c.name)).not.toEqual(store.customers.map((c) => c.name));
  });

  it('keeps the same store with distinct ids and addresses in another run', () => {
    const again = generateDemoStore({ ...options, runId: 'xyz789' });
    expect(again.customers.map((c) => c.name)).toEqual(store.customers.map((c) => c.name));
    expect(again.events.map((e) => e.type)).toEqual(store.events.map((e) => e.type));
    const ids = new Set([...store.events, ...store.customers].map((x) => x.id));
    for (const x of [...again.events, ...again.customers]) expect(ids.has(x.id)).toBe(false);
    const emails = new Set(store.customers.map((c) => c.email));
    for (const c of again.customers) expect(emails.has(c.email)).toBe(false);
  });

  it('makes customers in es, en and pt with addresses at example domains only', () => {
    expect(store.customers).toHaveLength(400);
    expect(new Set(store.customers.map((c) => c.language))).toEqual(new Set(['es', 'en', 'pt']));
    for (const customer of store.customers) {
      expect(customer.email).toMatch(/^[a-z0-9.]+@example\.(com|org|net)$/);
      expect(customer.id).toMatch(/^demo_abc123_c\d{4}$/);
      expect(customer.locale.slice(0, 2)).toBe(customer.language);
    }
    expect(new Set(store.customers.map((c) => c.email)).size).toBe(400);
    expect(new Set(store.customers.map((c) => c.id)).size).toBe(400);
  });

  it('plans events the contract accepts, with unique ids, in time order, within the duration', () => {
    const ids = new Set(store.events.map((e) => e.id));
    expect(ids.size).toBe(store.events.length);
    for (let i = 1; i < store.events.length; i++)
      expect(store.events[i].at).toBeGreaterThanOrEqual(store.events[i - 1].at);
    expect(store.events[0].at).toBeGreaterThanOrEqual(0);
    expect(store.events[store.events.length - 1].at).toBeLessThanOrEqual(options.durationMs);
    for (const planned of store.events) {
      const event = makeEvent(planned.type, planned.subject, planned.data, {
        id: planned.id,
        time: '2026-01-01T10:00:00Z',
        source: 'https://shop.example.com',
      });
      expect(validateEvent(JSON.stringify(event))).toMatchObject({ ok: true });
    }
  });

  it('tells every kind of story, each customer introducing themselves first', () => {
    const types = new Set(store.events.map((e) => e.type));
    for (const type of [
      'order.placed',
      'order.paid',
      'order.shipped',
      'order.delivered',
      'order.cancelled',
      'order.refunded',
      'order.returned',
      'product.first_used',
      'product.used',
      'product.activated',
      'account.created',
      'usage.milestone',
      'ticket.opened',
      'ticket.resolved',
    ])
      expect(types).toContain(type);
    for (const count of Object.values(store.stories)) expect(count).toBeGreaterThan(0);
    const first = new Map<string, (typeof store.events)[number]>();
    for (const event of store.events) if (!first.has(event.subject)) first.set(event.subject, event);
    expect(first.size).toBe(400);
    const byId = new Map(store.customers.map((c) => [c.id, c]));
    for (const event of first.values()) {
      const isNew = byId.get(event.subject)!.isNew;
      expect(isNew ? ['order.placed', 'account.created'] : ['product.used']).toContain(event.type);
      expect(event.data.customer).toMatchObject({ email: expect.stringMatching(/@example\./) });
    }
  });

  it('onboards the new customers; the existing ones mostly use what they have', () => {
    expect(store.customers.filter((c) => c.isNew)).toHaveLength(300);
    expect(store.stories.existing_customers).toBe(100);
    const placed = new Set(store.events.filter((e) => e.type === 'order.placed').map((e) => e.subject));
    const existing = store.customers.filter((c) => !c.isNew);
    const buyingAgain = existing.filter((c) => placed.has(c.id)).length;
    expect(buyingAgain).toBeGreaterThan(0);
    expect(buyingAgain).toBeLessThan(existing.length / 3);
    expect(defaultNewCustomers(60)).toBe(60);
    expect(defaultNewCustomers(2000)).toBe(400);
  });

  it('follows each order in its order: placed, paid, shipped, delivered, first use', () => {
    const rank = ['order.placed', 'order.paid', 'order.shipped', 'order.delivered', 'product.first_used'];
    const seen = new Map<string, number>();
    for (const event of store.events) {
      const order = event.data.order_id as string | undefined;
      const step = rank.indexOf(event.type);
      if (!order || step < 0) continue;
      expect(step).toBeGreaterThanOrEqual(seen.get(order) ?? -1);
      seen.set(order, step);
    }
  });

  it('squeezes the stories into a short timeline', () => {
    const short = generateDemoStore({ ...options, customers: 50, durationMs: 20_000 });
    expect(short.events[short.events.length - 1].at).toBeLessThanOrEqual(20_000);
  });

  it('lets about the response rate answer surveys', () => {
    const share = store.customers.filter((c) => c.answersSurveys).length / store.customers.length;
    expect(share).toBeGreaterThan(0.22);
    expect(share).toBeLessThan(0.38);
  });

  it('refuses an empty store', () => {
    expect(() => generateDemoStore({ ...options, customers: 0 })).toThrow('customers');
  });

  it('makes short lowercase run ids from the clock', () => {
    expect(newRunId(Date.UTC(2026, 0, 1))).toMatch(/^[a-z0-9]{6}$/);
    expect(newRunId(Date.UTC(2026, 0, 1))).not.toBe(newRunId(Date.UTC(2026, 0, 1, 0, 0, 1)));
  });
});
