import { ALERT_STATES, AlertError, AlertErrorCode } from '@postventa/alerts';
import { ALERT_SEVERITIES } from '@postventa/contracts';
import { z } from 'zod';

const person = z.string().trim().min(1, 'is required').max(320);
const note = z.string().trim().max(5000).optional();

export const acknowledgeBodySchema = z.object({ actor: person, note });
export const assignBodySchema = z.object({ owner: person, actor: person, note });
export const resolveBodySchema = z.object({ actor: person, note });

export const alertListQuerySchema = z.object({
  state: z.enum(ALERT_STATES).optional(),
  team: z.string().min(1).max(100).optional(),
  owner: z.string().min(1).max(320).optional(),
  severity: z.enum(ALERT_SEVERITIES).optional(),
  reason: z.string().min(1).max(200).optional(),
  customer: z.string().min(1).max(256).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

export const timelineQuerySchema = z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) });

/**
 * Parses a request part, or throws a 400 naming the first bad field: `ALERT_INVALID_REQUEST`
 * unless `invalid` builds another area's error from the message and the field's path.
 */
export function parseRequest<S extends z.ZodType>(
  schema: S,
  value: unknown,
  part: 'body' | 'query',
  invalid: (message: string, path: string) => Error = (message, path) =>
    new AlertError(AlertErrorCode.InvalidRequest, message, { path }),
): z.output<S> {
  const parsed = schema.safeParse(value ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const path = issue.path.map(String).join('.');
  const message =
    issue.code === 'invalid_type' && /received undefined/.test(issue.message) ? 'is required' : issue.message;
  throw invalid(`${part}${path ? `.${path}` : ''}: ${message}`, path || part);
}
