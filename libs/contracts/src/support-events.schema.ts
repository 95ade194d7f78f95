import { z } from 'zod';
import { customerSchema } from './customer.schema';
import { idString, text, timestamp } from './primitives.schema';

export const TICKET_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type TicketPriority = (typeof TICKET_PRIORITIES)[number];

export const ticketOpenedDataSchema = z.looseObject({
  ticket_id: idString(),
  subject: text(500).optional(),
  priority: z.enum(TICKET_PRIORITIES).optional(),
  /** `email`, `chat`, `phone`, `web`, `social`... */
  channel: text(64).optional(),
  /** True when a resolved ticket was opened again (a strong risk signal). */
  reopened: z.boolean().optional(),
  order_id: idString().optional(),
  category: text(200).optional(),
  tags: z.array(text(100)).max(50).optional(),
  customer: customerSchema.optional(),
});

export const ticketResolvedDataSchema = z.looseObject({
  ticket_id: idString(),
  resolution: text(2000).optional(),
  /** The customer's own answer to "were you satisfied?", when the help desk asks it. */
  satisfied: z.boolean().optional(),
  order_id: idString().optional(),
  resolved_at: timestamp().optional(),
  customer: customerSchema.optional(),
});

export const SUPPORT_EVENT_TYPES = ['ticket.opened', 'ticket.resolved'] as const;
export type SupportEventType = (typeof SUPPORT_EVENT_TYPES)[number];

export const supportEventDataSchemas = {
  'ticket.opened': ticketOpenedDataSchema,
  'ticket.resolved': ticketResolvedDataSchema,
} as const satisfies Record<SupportEventType, z.ZodType>;

export type TicketOpenedData = z.infer<typeof ticketOpenedDataSchema>;
export type TicketResolvedData = z.infer<typeof ticketResolvedDataSchema>;
