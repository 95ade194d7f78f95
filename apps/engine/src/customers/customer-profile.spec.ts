import { EventEnvelope } from '@postventa/contracts';
import { mergeCustomerProfile } from './customer-profile';

const event = (id: string, time: string, type: string, data: Record<string, unknown>): EventEnvelope =>
  ({ specversion: '1.0', id, type, source: 'test', time, subject: 'cus_1', data }) as EventEnvelope;

describe('mergeCustomerProfile', () => {
  const placed = event('e1', '2026-11-01T10:00:00Z', 'order.placed', {
    order_id: 'o1',
    customer: {
      email: 'Ana@Example.com',
      first_name: 'Ana',
      last_name: 'Ruiz',
      locale: 'es-MX',
      attributes: { plan: 'basic' },
      consent: { marketing: true },
    },
  });
  const delivered = event('e2', '2026-11-03T10:00:00Z', 'order.delivered', {
    order_id: 'o1',
    customer: { email: 'ana.ruiz@example.com', attributes: { plan: 'pro' } },
  });

  it('builds a profile from the first event', () => {
    const profile = mergeCustomerProfile(null, 'cus_1', [placed]);
    expect(profile).toMatchObject({
      email: 'ana@example.com',
      name: 'Ana Ruiz',
      locale: 'es-MX',
      attributes: { plan: 'basic' },
      consent: { marketing: true },
      eventCount: 1,
    });
    expect(profile.firstSeenAt).toBe('2026-11-01T10:00:00.000Z');
  });

  it('lets the newest event win field by field, whatever the arrival order', () => {
    const inOrder = mergeCustomerProfile(null, 'cus_1', [placed, delivered]);
    const reversed = mergeCustomerProfile(mergeCustomerProfile(null, 'cus_1', [delivered]), 'cus_1', [placed]);
    for (const profile of [inOrder, reversed]) {
      expect(profile).toMatchObject({
        email: 'ana.ruiz@example.com',
        name: 'Ana Ruiz',
        attributes: { plan: 'pro' },
        eventCount: 2,
      });
      expect(profile.firstSeenAt).toBe('2026-11-01T10:00:00.000Z');
      expect(profile.lastSeenAt).toBe('2026-11-03T10:00:00.000Z');
    }
  });

  it('withdraws marketing consent on unsubscribe, but an older opt-in does not undo it', () => {
    const unsubscribed = event('e3', '2026-11-05T10:00:00Z', 'customer.unsubscribed', { category: 'marketing' });
    const profile = mergeCustomerProfile(mergeCustomerProfile(null, 'cus_1', [unsubscribed]), 'cus_1', [placed]);
    expect(profile.consent).toEqual({ marketing: false });
  });

  it('ignores events without customer data except for counting them', () => {
    const used = event('e4', '2026-11-04T10:00:00Z', 'product.used', { feature: 'export' });
    const profile = mergeCustomerProfile(mergeCustomerProfile(null, 'cus_1', [placed]), 'cus_1', [used]);
    expect(profile.email).toBe('ana@example.com');
    expect(profile.eventCount).toBe(2);
  });
});
