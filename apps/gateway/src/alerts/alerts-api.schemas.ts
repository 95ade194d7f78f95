import { ALERT_EVENT_TYPES, ALERT_STATES } from '@postventa/alerts';
import { ALERT_SEVERITIES } from '@postventa/contracts';
import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';

const person = z.string().trim().min(1, 'is required').max(320);
const note = z.string().trim().max(5000).optional();
const isoTime = z.iso.datetime({ offset: true });

export const acknowledgeBodySchema = z.object({ actor: person, note });
export const assignBodySchema = z.object({ owner: person, actor: person, note });
export const resolveBodySchema = z.object({ actor: person, note });
export const reopenBodySchema = z.object({ actor: person, note });
export const commentBodySchema = z.object({ author: person, body: z.string().trim().min(1, 'is required').max(5000) });

export const alertListQuerySchema = z
  .object({
    state: z.enum(ALERT_STATES).optional(),
    team: z.string().min(1).max(100).optional(),
    owner: z.string().min(1).max(320).optional(),
    severity: z.enum(ALERT_SEVERITIES).optional(),
    reason: z.string().min(1).max(200).optional(),
    customer: z.string().min(1).max(256).optional(),
    from: isoTime.optional().describe('Raised at or after this time'),
    to: isoTime.optional().describe('Raised before this time'),
    limit: z.coerce.number().int().min(1).max(500).default(50),
    offset: z.coerce.number().int().min(0).default(0),
  })
  .refine((q) => !q.from || !q.to || Date.parse(q.from) < Date.parse(q.to), {
    message: 'must be after from',
    path: ['to'],
  });

export const timelineQuerySchema = z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) });

export class AcknowledgeBodyDto extends createZodDto(acknowledgeBodySchema) {}
export class AssignBodyDto extends createZodDto(assignBodySchema) {}
export class ResolveBodyDto extends createZodDto(resolveBodySchema) {}
export class ReopenBodyDto extends createZodDto(reopenBodySchema) {}
export class CommentBodyDto extends createZodDto(commentBodySchema) {}
export class AlertListQueryDto extends createZodDto(alertListQuerySchema) {}
export class TimelineQueryDto extends createZodDto(timelineQuerySchema) {}

// Answers.

const nullableTime = z.string().nullable();

export const alertSchema = z.object({
  id: z.string(),
  customer_id: z.string(),
  reason: z.string(),
  source: z.string(),
  severity: z.enum(ALERT_SEVERITIES),
  state: z.enum(ALERT_STATES),
  resolution: z.string().nullable(),
  reasons: z.array(z.object({ code: z.string(), detail: z.string().optional() })),
  risk_score: z.number().nullable(),
  team: z.string(),
  owner: z.string().nullable(),
  signal_count: z.number().int(),
  first_signal_at: z.string(),
  last_signal_at: z.string(),
  raised_at: z.string(),
  sla_due_at: z.string(),
  acknowledged_at: nullableTime,
  acknowledged_by: z.string().nullable(),
  resolved_at: nullableTime,
  resolved_by: z.string().nullable(),
  resolution_note: z.string().nullable(),
  escalated_at: nullableTime,
  origin: z.object({
    command_id: z.string().nullable(),
    journey_id: z.string().nullable(),
    flow: z.object({ id: z.string(), version: z.number().int().nullable() }).nullable(),
    step_id: z.string().nullable(),
    moment: z.string().nullable(),
    order_id: z.string().nullable(),
  }),
  note: z.string().nullable(),
  timeline: z.array(z.object({ at: z.string(), kind: z.string(), summary: z.string() })),
  data: z.record(z.string(), z.unknown()),
});

export const alertEventSchema = z
  .object({
    id: z.string(),
    type: z.enum([...ALERT_EVENT_TYPES, 'reopened', 'commented']),
    actor: z.string(),
    note: z.string().nullable(),
    data: z.record(z.string(), z.unknown()),
    at: z.string(),
  })
  .meta({ id: 'AlertEvent' });

export const alertCommentSchema = z.object({
  id: z.string(),
  author: z.string(),
  body: z.string(),
  created_at: z.string(),
});

export const notificationSchema = z
  .object({
    id: z.string(),
    purpose: z.string(),
    channel: z.string(),
    recipient: z.string(),
    status: z.string(),
    attempts: z.number().int(),
    next_attempt_at: nullableTime,
    http_status: z.number().int().nullable(),
    last_error: z.string().nullable(),
    sent_at: nullableTime,
  })
  .meta({ id: 'AlertNotification' });

export const alertListSchema = z.object({
  alerts: z.array(alertSchema),
  limit: z.number().int(),
  offset: z.number().int(),
});

export const alertDetailSchema = alertSchema.extend({
  history: z.array(alertEventSchema),
  notifications: z.array(notificationSchema),
  comments: z.array(alertCommentSchema),
});

export class AlertDto extends createZodDto(alertSchema) {}
export class AlertListDto extends createZodDto(alertListSchema) {}
export class AlertDetailDto extends createZodDto(alertDetailSchema) {}
export class AlertCommentDto extends createZodDto(alertCommentSchema) {}

export type AlertJson = z.input<typeof alertSchema>;
export type AlertEventJson = z.input<typeof alertEventSchema>;
export type AlertCommentJson = z.input<typeof alertCommentSchema>;
export type NotificationJson = z.input<typeof notificationSchema>;
export type AlertListJson = z.input<typeof alertListSchema>;
export type AlertDetailJson = z.input<typeof alertDetailSchema>;
