import { z } from 'zod';
import { email, locale, text, timeZone } from './primitives.schema';

/** What the customer agreed to receive. Absent means "unknown": flows decide the default. */
export const consentSchema = z.looseObject({
  marketing: z.boolean().optional(),
  transactional: z.boolean().optional(),
});

/**
 * The customer as the sender knows them, optional on every event. The engine merges it into the
 * customer profile (latest event wins, field by field). The customer id is the event `subject`.
 */
export const customerSchema = z.looseObject({
  email: email().optional(),
  name: text(200).optional(),
  first_name: text(100).optional(),
  last_name: text(100).optional(),
  locale: locale().optional(),
  timezone: timeZone().optional(),
  phone: z.string().min(3).max(32).optional(),
  attributes: z.record(z.string(), z.unknown()).optional(),
  consent: consentSchema.optional(),
});

export type CustomerData = z.infer<typeof customerSchema>;
export type Consent = z.infer<typeof consentSchema>;

/**
 * The one customer type: the profile Postventa keeps for a customer, merged from the `customer`
 * of every event (the engine's customers table). Other views of a customer (the journey
 * interpreter's, the dispatcher's recipient) are picked from it.
 */
export interface CustomerProfile {
  id: string;
  email: string | null;
  name: string | null;
  locale: string | null;
  timezone: string | null;
  phone: string | null;
  attributes: Record<string, unknown>;
  consent: Record<string, boolean>;
  tags: string[];
  /** When each field was last set, by event time: `email`, `attributes.plan`, `consent.marketing`... */
  fieldTimes: Record<string, string>;
  firstSeenAt: string;
  lastSeenAt: string;
  eventCount: number;
}
