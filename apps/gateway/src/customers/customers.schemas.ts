import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';

export const customerSearchQuerySchema = z.object({
  query: z
    .string()
    .trim()
    .max(320)
    .default('')
    .describe('Start of the id, the email or the name (any word of it), case-insensitive; empty lists everyone'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

export const journeysQuerySchema = z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) });

export class CustomerSearchQueryDto extends createZodDto(customerSearchQuerySchema) {}
export class JourneysQueryDto extends createZodDto(journeysQuerySchema) {}

const customerSchema = z.object({
  id: z.string(),
  email: z.string().nullable(),
  name: z.string().nullable(),
  locale: z.string().nullable(),
  timezone: z.string().nullable(),
  first_seen_at: z.string(),
  last_seen_at: z.string(),
  event_count: z.number().int(),
});

export const customerSearchSchema = z.object({
  customers: z.array(customerSchema),
  total: z.number().int(),
  limit: z.number().int(),
  offset: z.number().int(),
});

export const customerProfileSchema = customerSchema.extend({
  phone: z.string().nullable(),
  attributes: z.record(z.string(), z.unknown()),
  consent: z.record(z.string(), z.unknown()),
  tags: z.array(z.string()),
  journeys: z.object({ total: z.number().int(), open: z.number().int() }),
  open_alerts: z.number().int(),
});

export const customerJourneysSchema = z.object({
  customer_id: z.string(),
  journeys: z.array(
    z.object({
      id: z.string(),
      flow: z.object({ id: z.string(), version: z.string() }),
      order_id: z.string().nullable(),
      status: z.string(),
      current_step: z.string().nullable(),
      outcome: z.string().nullable(),
      entered_at: z.string(),
      updated_at: z.string(),
      exited_at: z.string().nullable(),
    }),
  ),
});

export class CustomerSearchDto extends createZodDto(customerSearchSchema) {}
export class CustomerProfileDto extends createZodDto(customerProfileSchema) {}
export class CustomerJourneysDto extends createZodDto(customerJourneysSchema) {}

export type CustomerSearchJson = z.input<typeof customerSearchSchema>;
export type CustomerProfileJson = z.input<typeof customerProfileSchema>;
export type CustomerJourneysJson = z.input<typeof customerJourneysSchema>;
