import { z } from 'zod';
import { ContractErrorCode, type ContractFailure, failure } from './contract-error';
import { findUnstorable } from './json-limits';
import { MAX_EVENT_BYTES, fitsIn, parseJson, tooLarge } from './json-payload';
import {
  alertSeveritySchema,
  email,
  emailCategorySchema,
  flowRefSchema,
  idString,
  jsonObject,
  locale,
  momentSchema,
  surveyKindSchema,
  text,
  timestamp,
} from './primitives.schema';
import { toContractIssues } from './zod-issues';

/**
 * Commands: what the engine asks the dispatcher to do. Published on the commands topic keyed by
 * `customer_id`, written through the engine's outbox. `command_id` is deterministic (the same
 * journey step always yields the same id), so the dispatcher delivers each command once.
 */
const commandShape = {
  command_id: idString(),
  customer_id: idString(),
  journey_id: idString(),
  flow: flowRefSchema,
  step_id: idString(),
  moment: momentSchema.optional(),
  issued_at: timestamp(),
  order_id: idString().optional(),
  /** The customer's locale when the command was issued; templates fall back from it. */
  locale: locale().optional(),
};

/** Fields every command carries. */
export type CommandBase = z.infer<z.ZodObject<typeof commandShape>>;

export const emailSendCommandSchema = z.object({
  ...commandShape,
  type: z.literal('email.send'),
  template: text(200),
  category: emailCategorySchema,
  /** Overrides the address on the customer profile. */
  to: email().optional(),
  /** Template variables. */
  data: jsonObject(),
});

export const surveySendCommandSchema = z.object({
  ...commandShape,
  type: z.literal('survey.send'),
  template: text(200),
  survey: z.object({ kind: surveyKindSchema, survey_id: idString() }),
  to: email().optional(),
  data: jsonObject(),
});

export const alertRaiseCommandSchema = z.object({
  ...commandShape,
  type: z.literal('alert.raise'),
  severity: alertSeveritySchema,
  /** Machine-readable cause: `detractor_score`, `low_csat`, `no_first_use`, `refund_requested`... */
  reason: text(200),
  /** The team the alert goes to. */
  route: text(200).optional(),
  owner: text(320).optional(),
  note: text(5000).optional(),
  /** Context shown to the support lead (score, comment, order...). */
  data: jsonObject(),
});

export const commandSchema = z.discriminatedUnion('type', [
  emailSendCommandSchema,
  surveySendCommandSchema,
  alertRaiseCommandSchema,
]);

export type Command = z.infer<typeof commandSchema>;
export type CommandType = Command['type'];
export type CommandOfType<T extends CommandType> = Extract<Command, { type: T }>;
export type EmailSendCommand = CommandOfType<'email.send'>;
export type SurveySendCommand = CommandOfType<'survey.send'>;
export type AlertRaiseCommand = CommandOfType<'alert.raise'>;

export const COMMAND_TYPES = ['email.send', 'survey.send', 'alert.raise'] as const satisfies readonly CommandType[];

export type CommandParseResult = { ok: true; command: Command } | ContractFailure;

/** Checks a command: JSON text or bytes (a Kafka message value), or an already parsed value. */
export function parseCommand(input: unknown, options: { maxBytes?: number } = {}): CommandParseResult {
  const maxBytes = options.maxBytes ?? MAX_EVENT_BYTES;
  let value = input;
  if (typeof input === 'string' || input instanceof Uint8Array) {
    if (!fitsIn(input, maxBytes)) return tooLarge(undefined, maxBytes, 'The command');
    const parsed = parseJson(input, 'The command');
    if (!parsed.ok) return parsed;
    value = parsed.value;
  }
  const unstorable = findUnstorable(value, { what: 'The command' });
  if (unstorable !== undefined) return { ok: false, error: unstorable };
  const result = commandSchema.safeParse(value);
  if (!result.success) {
    const issues = toContractIssues(result.error, value);
    const first = issues[0] ?? { path: '', message: 'The command does not match its schema' };
    return failure(ContractErrorCode.SchemaViolation, first.message, first.path, issues);
  }
  return { ok: true, command: result.data };
}
