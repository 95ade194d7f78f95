import { z } from 'zod';
import { customerSchema } from './customer.schema';
import {
  SURVEY_SCORE_RANGES,
  type SurveyKind,
  httpUrl,
  idString,
  text,
} from './primitives.schema';

/** Who asked: the command and the journey step behind a survey or an email, when known. */
const originShape = {
  command_id: idString().optional(),
  flow_id: idString().optional(),
  flow_version: z.number().int().min(1).optional(),
  step_id: idString().optional(),
  journey_id: idString().optional(),
  order_id: idString().optional(),
};

const surveyAnswerShape = {
  survey_id: idString(),
  comment: z.string().max(5000).optional(),
  ...originShape,
  customer: customerSchema.optional(),
};

function surveyAnswer<K extends SurveyKind>(kind: K, label: string) {
  const { min, max } = SURVEY_SCORE_RANGES[kind];
  const range = `must be a whole number from ${min} to ${max} for a ${label} survey`;
  return z.looseObject({
    ...surveyAnswerShape,
    kind: z.literal(kind),
    score: z.number().int(range).min(min, range).max(max, range),
  });
}

/** A survey answer; the score range depends on the kind (NPS 0-10, CSAT 1-5, CES 1-7). */
export const surveyAnsweredDataSchema = z.discriminatedUnion('kind', [
  surveyAnswer('nps', 'NPS'),
  surveyAnswer('csat', 'CSAT'),
  surveyAnswer('ces', 'CES'),
]);

const deliveryRefMessage = 'is required when command_id is absent: name the email by delivery_id, command_id or both';

function hasDeliveryRef(data: { delivery_id?: string; command_id?: string }): boolean {
  return data.delivery_id !== undefined || data.command_id !== undefined;
}

const deliveryRefJsonSchema = { anyOf: [{ required: ['delivery_id'] }, { required: ['command_id'] }] };

export const emailOpenedDataSchema = z
  .looseObject({
    delivery_id: idString().optional(),
    ...originShape,
    template: text(200).optional(),
    user_agent: z.string().max(1000).optional(),
  })
  .refine(hasDeliveryRef, { message: deliveryRefMessage, path: ['delivery_id'] })
  .meta(deliveryRefJsonSchema);

export const emailClickedDataSchema = z
  .looseObject({
    delivery_id: idString().optional(),
    ...originShape,
    template: text(200).optional(),
    url: httpUrl(),
    /** The link's name in the template, e.g. `review_cta`. */
    link_id: text(200).optional(),
    user_agent: z.string().max(1000).optional(),
  })
  .refine(hasDeliveryRef, { message: deliveryRefMessage, path: ['delivery_id'] })
  .meta(deliveryRefJsonSchema);

export const UNSUBSCRIBE_CATEGORIES = ['marketing', 'all'] as const;
export type UnsubscribeCategory = (typeof UNSUBSCRIBE_CATEGORIES)[number];

export const customerUnsubscribedDataSchema = z.looseObject({
  /** `marketing` stops marketing email; `all` also stops surveys and non-essential transactional email. */
  category: z.enum(UNSUBSCRIBE_CATEGORIES),
  delivery_id: idString().optional(),
  command_id: idString().optional(),
  reason: text(2000).optional(),
});

export const FEEDBACK_EVENT_TYPES = [
  'survey.answered',
  'email.opened',
  'email.clicked',
  'customer.unsubscribed',
] as const;
export type FeedbackEventType = (typeof FEEDBACK_EVENT_TYPES)[number];

export const feedbackEventDataSchemas = {
  'survey.answered': surveyAnsweredDataSchema,
  'email.opened': emailOpenedDataSchema,
  'email.clicked': emailClickedDataSchema,
  'customer.unsubscribed': customerUnsubscribedDataSchema,
} as const satisfies Record<FeedbackEventType, z.ZodType>;

export type SurveyAnsweredData = z.infer<typeof surveyAnsweredDataSchema>;
export type EmailOpenedData = z.infer<typeof emailOpenedDataSchema>;
export type EmailClickedData = z.infer<typeof emailClickedDataSchema>;
export type CustomerUnsubscribedData = z.infer<typeof customerUnsubscribedDataSchema>;
