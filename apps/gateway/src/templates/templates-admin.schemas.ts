import { renderContextSchema } from '@postventa/templates';
import { z } from 'zod';
import { parseRequest } from '../alerts/alerts-api.schemas';
import { TemplatesAdminError, TemplatesAdminErrorCode } from './templates-admin.error';

const locale = z
  .string()
  .trim()
  .min(2)
  .max(35)
  .regex(/^[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})*$/, 'must be a locale such as es or es-MX')
  .optional();

export const previewBodySchema = z.strictObject({
  locale,
  data: z.record(z.string(), z.unknown()).optional(),
  context: renderContextSchema.optional(),
});

export const testSendBodySchema = previewBodySchema.extend({ to: z.email('must be an email address') });

/** Parses a body, or throws a 400 `TEMPLATE_INVALID_REQUEST` naming the first bad field. */
export function parseTemplatesBody<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  return parseRequest(
    schema,
    body,
    'body',
    (message, path) => new TemplatesAdminError(TemplatesAdminErrorCode.InvalidRequest, message, { path }),
  );
}
