import type { CustomerProfile, EventEnvelope } from '@postventa/contracts';

export type { CustomerProfile };

const SCALARS = ['email', 'name', 'locale', 'timezone', 'phone'] as const;

/**
 * Folds events into a customer profile. Field by field, the value from the newest event (by event
 * time) wins, whatever order the events arrive in; equal times keep the later arrival. Pure.
 */
export function mergeCustomerProfile(
  existing: CustomerProfile | null,
  customerId: string,
  events: readonly EventEnvelope[],
): CustomerProfile {
  const profile: CustomerProfile = existing
    ? {
        ...existing,
        attributes: { ...existing.attributes },
        consent: { ...existing.consent },
        fieldTimes: { ...existing.fieldTimes },
        tags: [...existing.tags],
      }
    : {
        id: customerId,
        email: null,
        name: null,
        locale: null,
        timezone: null,
        phone: null,
        attributes: {},
        consent: {},
        tags: [],
        fieldTimes: {},
        firstSeenAt: new Date(events[0]?.time ?? 0).toISOString(),
        lastSeenAt: new Date(events[0]?.time ?? 0).toISOString(),
        eventCount: 0,
      };

  for (const event of events) {
    const at = new Date(event.time).toISOString();
    const newer = (field: string) => {
      const previous = profile.fieldTimes[field];
      if (previous !== undefined && previous > at) return false;
      profile.fieldTimes[field] = at;
      return true;
    };
    const data = isRecord(event.data) ? event.data : {};
    const customer = isRecord(data.customer) ? data.customer : {};

    const name = typeof customer.name === 'string' ? customer.name : joinName(customer.first_name, customer.last_name);
    const values: Record<string, unknown> = { ...customer, name };
    for (const field of SCALARS) {
      const value = values[field];
      if (typeof value === 'string' && value.trim() !== '' && newer(field))
        profile[field] = field === 'email' ? value.trim().toLowerCase() : value.trim();
    }
    if (isRecord(customer.attributes)) {
      for (const [key, value] of Object.entries(customer.attributes))
        if (newer(`attributes.${key}`)) profile.attributes[key] = value;
    }
    if (isRecord(customer.consent)) {
      for (const [key, value] of Object.entries(customer.consent))
        if (typeof value === 'boolean' && newer(`consent.${key}`)) profile.consent[key] = value;
    }
    if (event.type === 'customer.unsubscribed') {
      const categories = data.category === 'all' ? ['marketing', 'transactional'] : ['marketing'];
      for (const key of categories) if (newer(`consent.${key}`)) profile.consent[key] = false;
    }

    if (at < profile.firstSeenAt) profile.firstSeenAt = at;
    if (at > profile.lastSeenAt) profile.lastSeenAt = at;
    profile.eventCount += 1;
  }
  return profile;
}

function joinName(first: unknown, last: unknown): string | undefined {
  const parts = [first, last].filter((p): p is string => typeof p === 'string' && p.trim() !== '');
  return parts.length > 0 ? parts.join(' ') : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
