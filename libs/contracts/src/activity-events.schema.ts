import { z } from 'zod';
import {
  alertSeveritySchema,
  currency,
  emailCategorySchema,
  flowRefSchema,
  idString,
  locale,
  momentSchema,
  surveyKindSchema,
  text,
  timestamp,
} from './primitives.schema';

/**
 * Activity: what Postventa did, published to the activity topic for analytics and BI.
 * The customer is the event `subject` and the moment it happened is the event `time`;
 * data carries flow id + version, step, moment, order and outcome so KPIs per moment of truth
 * can be computed later without joining anything.
 */
const journeyShape = {
  journey_id: idString(),
  flow: flowRefSchema,
  moment: momentSchema.optional(),
  order_id: idString().optional(),
};

export const journeyEnteredDataSchema = z.looseObject({
  ...journeyShape,
  /** The first step the journey will run. */
  step_id: idString().optional(),
  trigger_event_id: idString().optional(),
  trigger_event_type: text(256).optional(),
});

export const STEP_OUTCOMES = ['completed', 'skipped', 'suppressed', 'waiting', 'timed_out', 'failed'] as const;
export type StepOutcome = (typeof STEP_OUTCOMES)[number];

export const journeyStepDataSchema = z.looseObject({
  ...journeyShape,
  step_id: idString(),
  /** `send_email`, `send_survey`, `raise_alert`, `wait`, `wait_for_event`, `branch`... */
  step_type: text(64),
  outcome: z.enum(STEP_OUTCOMES),
  /** Why, for skipped / suppressed / failed: `quiet_hours`, `frequency_cap`, `no_consent`... */
  reason: text().optional(),
  command_id: idString().optional(),
  /** For a branch: which way it went. */
  branch: text(200).optional(),
});

export const JOURNEY_EXIT_OUTCOMES = ['completed', 'goal_reached', 'cancelled', 'timed_out', 'superseded', 'error'] as const;
export type JourneyExitOutcome = (typeof JOURNEY_EXIT_OUTCOMES)[number];

export const journeyExitedDataSchema = z.looseObject({
  ...journeyShape,
  /** The step the journey was at when it ended. */
  step_id: idString().optional(),
  outcome: z.enum(JOURNEY_EXIT_OUTCOMES),
  reason: text().optional(),
  /** The event that ended it, for exit events and goals. */
  event_id: idString().optional(),
  event_type: text(256).optional(),
  entered_at: timestamp().optional(),
});

export const journeyConvertedDataSchema = z.looseObject({
  ...journeyShape,
  /** The goal's name in the flow, e.g. `left_review`, `repeat_purchase`. */
  goal: text(200),
  step_id: idString().optional(),
  event_id: idString().optional(),
  event_type: text(256).optional(),
  value: z.number().min(0).optional(),
  currency: currency().optional(),
  entered_at: timestamp().optional(),
});

/** The command and journey step behind an email. */
const emailShape = {
  command_id: idString(),
  delivery_id: idString().optional(),
  journey_id: idString(),
  flow: flowRefSchema,
  step_id: idString(),
  moment: momentSchema.optional(),
  order_id: idString().optional(),
  template: text(200),
  category: emailCategorySchema,
  locale: locale().optional(),
  /** Set when the email carries a survey. */
  survey: z.object({ kind: surveyKindSchema, survey_id: idString() }).optional(),
};

export const emailSentDataSchema = z.looseObject({
  ...emailShape,
  /** The SMTP Message-ID. The recipient address is never published here. */
  message_id: text(1000).optional(),
  attempt: z.number().int().min(1).optional(),
});

export const emailFailedDataSchema = z.looseObject({
  ...emailShape,
  error_code: text(100),
  error_message: text(2000),
  /** False when retrying cannot help (invalid address, unsubscribed, template error). */
  retryable: z.boolean(),
  attempt: z.number().int().min(1).optional(),
});

export const BOUNCE_TYPES = ['hard', 'soft'] as const;
export type BounceType = (typeof BOUNCE_TYPES)[number];

export const emailBouncedDataSchema = z.looseObject({
  bounce_type: z.enum(BOUNCE_TYPES),
  command_id: idString().optional(),
  delivery_id: idString().optional(),
  journey_id: idString().optional(),
  flow: flowRefSchema.optional(),
  step_id: idString().optional(),
  template: text(200).optional(),
  /** The SMTP diagnostic, e.g. `550 5.1.1 user unknown`. */
  diagnostic: text(2000).optional(),
});

/** Alerts come from a step of a journey (then the journey fields are set) or from risk scoring. */
const alertShape = {
  alert_id: idString(),
  journey_id: idString().optional(),
  flow: flowRefSchema.optional(),
  step_id: idString().optional(),
  moment: momentSchema.optional(),
  order_id: idString().optional(),
};

export const alertRaisedDataSchema = z.looseObject({
  ...alertShape,
  command_id: idString().optional(),
  severity: alertSeveritySchema,
  /** Machine-readable cause: `detractor_score`, `low_csat`, `no_first_use`, `refund_requested`... */
  reason: text(200),
  /** The team the alert is routed to. */
  route: text(200).optional(),
  owner: text(320).optional(),
  note: text(5000).optional(),
});

export const alertAcknowledgedDataSchema = z.looseObject({
  ...alertShape,
  /** Who took ownership. */
  owner: text(320),
  severity: alertSeveritySchema.optional(),
  raised_at: timestamp().optional(),
});

export const alertResolvedDataSchema = z.looseObject({
  ...alertShape,
  owner: text(320).optional(),
  resolution: text(5000).optional(),
  severity: alertSeveritySchema.optional(),
  raised_at: timestamp().optional(),
  acknowledged_at: timestamp().optional(),
});

export const alertEscalatedDataSchema = z.looseObject({
  ...alertShape,
  /** The severity after escalation. */
  severity: alertSeveritySchema,
  previous_severity: alertSeveritySchema.optional(),
  /** 1 for the first escalation, 2 for the second... */
  level: z.number().int().min(1),
  route: text(200).optional(),
  owner: text(320).optional(),
  /** Why: `not_acknowledged`, `not_resolved`, `manual`... */
  reason: text(200).optional(),
  raised_at: timestamp().optional(),
});

export const RISK_LEVELS = ['low', 'medium', 'high'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

export const riskFactorSchema = z.looseObject({
  /** `detractor_score`, `no_first_use`, `silence`, `refund_requested`, `ticket_reopened`... */
  code: text(100),
  weight: z.number().optional(),
  detail: text(1000).optional(),
});

export const riskChangedDataSchema = z.looseObject({
  score: z.number(),
  previous_score: z.number().optional(),
  level: z.enum(RISK_LEVELS),
  previous_level: z.enum(RISK_LEVELS).optional(),
  factors: z.array(riskFactorSchema).max(100).optional(),
  /** The event that caused the change. */
  event_id: idString().optional(),
  event_type: text(256).optional(),
  order_id: idString().optional(),
});

export const ACTIVITY_EVENT_TYPES = [
  'journey.entered',
  'journey.step',
  'journey.exited',
  'journey.converted',
  'email.sent',
  'email.failed',
  'email.bounced',
  'alert.raised',
  'alert.acknowledged',
  'alert.resolved',
  'alert.escalated',
  'risk.changed',
] as const;
export type ActivityEventType = (typeof ACTIVITY_EVENT_TYPES)[number];

export const activityEventDataSchemas = {
  'journey.entered': journeyEnteredDataSchema,
  'journey.step': journeyStepDataSchema,
  'journey.exited': journeyExitedDataSchema,
  'journey.converted': journeyConvertedDataSchema,
  'email.sent': emailSentDataSchema,
  'email.failed': emailFailedDataSchema,
  'email.bounced': emailBouncedDataSchema,
  'alert.raised': alertRaisedDataSchema,
  'alert.acknowledged': alertAcknowledgedDataSchema,
  'alert.resolved': alertResolvedDataSchema,
  'alert.escalated': alertEscalatedDataSchema,
  'risk.changed': riskChangedDataSchema,
} as const satisfies Record<ActivityEventType, z.ZodType>;

export type JourneyEnteredData = z.infer<typeof journeyEnteredDataSchema>;
export type JourneyStepData = z.infer<typeof journeyStepDataSchema>;
export type JourneyExitedData = z.infer<typeof journeyExitedDataSchema>;
export type JourneyConvertedData = z.infer<typeof journeyConvertedDataSchema>;
export type EmailSentData = z.infer<typeof emailSentDataSchema>;
export type EmailFailedData = z.infer<typeof emailFailedDataSchema>;
export type EmailBouncedData = z.infer<typeof emailBouncedDataSchema>;
export type AlertRaisedData = z.infer<typeof alertRaisedDataSchema>;
export type AlertAcknowledgedData = z.infer<typeof alertAcknowledgedDataSchema>;
export type AlertResolvedData = z.infer<typeof alertResolvedDataSchema>;
export type AlertEscalatedData = z.infer<typeof alertEscalatedDataSchema>;
export type RiskChangedData = z.infer<typeof riskChangedDataSchema>;
