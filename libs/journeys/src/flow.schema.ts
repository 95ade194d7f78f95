import { ISO_DURATION_PATTERN } from '@postventa/contracts';
import { z } from 'zod';
import { isIsoDuration, isTimeZone } from './duration';

/** The step kinds a flow may use, in the order the docs present them. */
export const STEP_TYPES = [
  'email',
  'survey',
  'alert',
  'wait',
  'wait_for',
  'branch',
  'split',
  'update',
  'exit',
] as const;
export type StepType = (typeof STEP_TYPES)[number];

/** A step may jump here to finish the journey without a dedicated `exit` step. */
export const END_TARGET = 'end';

const ID = /^[a-z0-9][a-z0-9_.-]*$/;
const TIME_OF_DAY = /^([01]\d|2[0-3]):[0-5]\d$/;

const quote = (input: unknown): string => (typeof input === 'string' ? `'${input}'` : JSON.stringify(input));

export const isoDurationSchema = z
  .string()
  .regex(ISO_DURATION_PATTERN, {
    error: (iss) => `bad duration ${quote(iss.input)}: use ISO 8601 such as P3D, PT2H or PT30S`,
  })
  .refine(isIsoDuration, { error: (iss) => `bad duration ${quote(iss.input)}: it must be longer than zero` })
  .describe('ISO 8601 duration, e.g. P3D, PT2H, PT30S');

const idSchema = (what: string) =>
  z
    .string()
    .regex(ID, { error: (iss) => `bad ${what} ${quote(iss.input)}: use lower-case letters, digits, '-', '_' or '.'` });

const celSchema = z.string().min(1).describe('CEL expression over `event`, `customer`, `journey` and `now`');
const timeOfDaySchema = z
  .string()
  .regex(TIME_OF_DAY, { error: (iss) => `bad time of day ${quote(iss.input)}: use 24-hour HH:MM such as 09:30` })
  .describe('local time of day, 24-hour HH:MM');
const timeZoneSchema = z.string().refine(isTimeZone, {
  error: (iss) => `unknown time zone ${quote(iss.input)}: use an IANA name such as Europe/Madrid`,
});

export const momentSchema = z.enum(['fmot', 'smot', 'tmot']).describe('moment of truth this step belongs to');
export const emailCategorySchema = z.enum(['transactional', 'marketing']);
export const surveyKindSchema = z.enum(['nps', 'csat', 'ces']);
export const severitySchema = z.enum(['low', 'medium', 'high', 'critical']);
/** Message categories policies apply to (`survey` covers survey emails). */
export const sendCategorySchema = z.enum(['transactional', 'marketing', 'survey']);

const stepTarget = z.string().min(1).describe(`id of another step, or '${END_TARGET}' to finish the journey`);
const dataSchema = z.record(z.string(), z.unknown()).describe('extra data passed to the template or alert');

const base = {
  id: idSchema('step id').describe('unique step id within the flow'),
  name: z.string().optional(),
  moment: momentSchema.optional(),
  next: stepTarget.optional().describe('step to run next; defaults to the following step'),
};

export const emailStepSchema = z.strictObject({
  ...base,
  type: z.literal('email'),
  template: idSchema('template id'),
  category: emailCategorySchema,
  data: dataSchema.optional(),
});

export const surveyStepSchema = z.strictObject({
  ...base,
  type: z.literal('survey'),
  kind: surveyKindSchema,
  template: idSchema('template id'),
  data: dataSchema.optional(),
});

export const alertStepSchema = z.strictObject({
  ...base,
  type: z.literal('alert'),
  severity: severitySchema,
  reason: z.string().min(1).describe('machine-readable reason, e.g. detractor, no_first_use'),
  route: z.string().min(1).optional().describe('team the alert goes to, e.g. support'),
  owner: z.string().min(1).optional(),
  note: z.string().optional(),
  data: dataSchema.optional(),
});

export const waitStepSchema = z.strictObject({
  ...base,
  type: z.literal('wait'),
  duration: isoDurationSchema.optional(),
  until_time: timeOfDaySchema.optional().describe("wait until this local time in the customer's time zone"),
  until: celSchema.optional().describe('CEL expression giving a date (ISO string or timestamp) to wait until'),
});

export const waitForStepSchema = z.strictObject({
  ...base,
  type: z.literal('wait_for'),
  event: z.string().min(1).describe('event type to wait for'),
  condition: celSchema.optional(),
  timeout: isoDurationSchema.optional(),
  on_event: stepTarget.optional(),
  on_timeout: stepTarget.optional(),
});

export const branchStepSchema = z.strictObject({
  ...base,
  type: z.literal('branch'),
  cases: z.array(z.strictObject({ when: celSchema, next: stepTarget })).min(1),
  else: stepTarget.optional().describe('step when no case matches; defaults to the following step'),
});

export const splitStepSchema = z.strictObject({
  ...base,
  type: z.literal('split'),
  variants: z
    .array(z.strictObject({ name: z.string().optional(), percent: z.number().min(0).max(100), next: stepTarget }))
    .min(2),
});

export const updateStepSchema = z.strictObject({
  ...base,
  type: z.literal('update'),
  set: z.record(z.string(), z.unknown()).optional().describe('profile attributes to set'),
  tags_add: z.array(z.string().min(1)).optional(),
  tags_remove: z.array(z.string().min(1)).optional(),
});

export const exitStepSchema = z.strictObject({
  ...base,
  type: z.literal('exit'),
  reason: z.string().optional(),
});

export const stepSchema = z.discriminatedUnion('type', [
  emailStepSchema,
  surveyStepSchema,
  alertStepSchema,
  waitStepSchema,
  waitForStepSchema,
  branchStepSchema,
  splitStepSchema,
  updateStepSchema,
  exitStepSchema,
]);

const eventMatchSchema = z.strictObject({ event: z.string().min(1), condition: celSchema.optional() });

export const flowSchema = z.strictObject({
  id: idSchema('flow id'),
  name: z.string().min(1),
  description: z.string().optional(),
  trigger: eventMatchSchema.describe('the event that starts a journey'),
  entry: z
    .strictObject({
      key: z
        .string()
        .min(1)
        .default('customer')
        .describe("'customer', 'order' (event.data.order_id) or a CEL expression such as event.data.subscription_id"),
      reentry: z
        .enum(['once', 'after_exit', 'always'])
        .default('after_exit')
        .describe('once: one journey per key ever; after_exit: a new one once the last ended; always: every trigger'),
    })
    .default({ key: 'customer', reentry: 'after_exit' }),
  exit_on: z.array(eventMatchSchema).default([]).describe('events that end the journey'),
  goals: z
    .array(
      z.strictObject({
        id: idSchema('goal id'),
        event: z.string().min(1),
        condition: celSchema.optional(),
        within: isoDurationSchema.describe('conversion window from entry'),
        exit: z.boolean().default(false).describe('end the journey when the goal converts'),
      }),
    )
    .default([]),
  policies: z
    .strictObject({
      timezone: timeZoneSchema.optional().describe('time zone used when the customer has none (default UTC)'),
      frequency_cap: z
        .strictObject({
          max: z.number().int().min(1),
          within: isoDurationSchema,
          categories: z.array(sendCategorySchema).min(1).default(['marketing']),
          action: z.enum(['defer', 'skip']).default('defer'),
        })
        .optional()
        .describe('per customer, across flows'),
      quiet_hours: z
        .strictObject({
          start: timeOfDaySchema,
          end: timeOfDaySchema,
          categories: z.array(sendCategorySchema).min(1).default(['marketing', 'survey']),
        })
        .optional()
        .describe("no sends in this local window (customer's time zone); sends defer to its end"),
    })
    .default({}),
  steps: z.array(stepSchema).min(1),
});

export type FlowDefinition = z.infer<typeof flowSchema>;
export type FlowInput = z.input<typeof flowSchema>;
export type FlowStep = z.infer<typeof stepSchema>;
export type EmailStep = z.infer<typeof emailStepSchema>;
export type SurveyStep = z.infer<typeof surveyStepSchema>;
export type AlertStep = z.infer<typeof alertStepSchema>;
export type WaitStep = z.infer<typeof waitStepSchema>;
export type WaitForStep = z.infer<typeof waitForStepSchema>;
export type BranchStep = z.infer<typeof branchStepSchema>;
export type SplitStep = z.infer<typeof splitStepSchema>;
export type UpdateStep = z.infer<typeof updateStepSchema>;
export type ExitStep = z.infer<typeof exitStepSchema>;
export type Moment = z.infer<typeof momentSchema>;
export type EmailCategory = z.infer<typeof emailCategorySchema>;
export type SendCategory = z.infer<typeof sendCategorySchema>;
export type FlowPolicies = FlowDefinition['policies'];

/** JSON Schema of the flow YAML, for editor autocompletion (docs/flow.schema.json). */
export function flowJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(flowSchema, { io: 'input', unrepresentable: 'any', target: 'draft-7' });
  return {
    $schema: schema.$schema,
    $id: 'https://postventa.dev/schemas/flow.schema.json',
    title: 'Postventa flow',
    description: 'A post-purchase journey: trigger, entry rules, exit events, goals, policies and steps.',
    ...Object.fromEntries(Object.entries(schema).filter(([key]) => key !== '$schema')),
  };
}
