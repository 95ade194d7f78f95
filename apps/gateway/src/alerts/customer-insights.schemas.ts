import { ALERT_SEVERITIES } from '@postventa/contracts';
import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';

export const timelineItemSchema = z
  .object({
    at: z.string(),
    kind: z.enum(['event', 'activity', 'message', 'survey', 'alert']),
    type: z.string(),
    summary: z.string(),
    ref: z.string().optional(),
    data: z.record(z.string(), z.unknown()).optional(),
  })
  .meta({ id: 'TimelineItem' });

export const customerTimelineSchema = z.object({ customer_id: z.string(), items: z.array(timelineItemSchema) });

export const customerRiskSchema = z.object({
  customer_id: z.string(),
  score: z.number(),
  level: z.enum(['low', 'medium', 'high', 'critical']),
  reasons: z.array(z.object({ code: z.string(), weight: z.number(), detail: z.string(), since: z.string() })),
  next_review_at: z.string().nullable(),
  computed_at: z.string().nullable(),
  open_alerts: z
    .array(z.object({ id: z.string(), reason: z.string(), state: z.string(), severity: z.enum(ALERT_SEVERITIES) }))
    .optional(),
});

export class CustomerTimelineDto extends createZodDto(customerTimelineSchema) {}
export class CustomerRiskDto extends createZodDto(customerRiskSchema) {}

export type CustomerTimelineJson = z.input<typeof customerTimelineSchema>;
export type CustomerRiskJson = z.input<typeof customerRiskSchema>;
