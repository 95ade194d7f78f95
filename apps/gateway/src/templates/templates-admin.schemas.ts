import { renderContextSchema } from '@postventa/templates';
import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';

const locale = z
  .string()
  .trim()
  .min(2)
  .max(35)
  .regex(/^[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})*$/, 'must be a locale such as es or es-MX')
  .optional();

export const previewBodySchema = z.strictObject({
  locale,
  data: z.record(z.string(), z.unknown()).optional().describe("Replaces the template's sample data"),
  context: renderContextSchema.optional(),
});

export const testSendBodySchema = previewBodySchema.extend({ to: z.email('must be an email address') });

export class PreviewBodyDto extends createZodDto(previewBodySchema) {}
export class TestSendBodyDto extends createZodDto(testSendBodySchema) {}

export const templateSummarySchema = z
  .object({ id: z.string(), locales: z.array(z.string()) })
  .catchall(z.unknown())
  .meta({ id: 'TemplateSummary' });

export const templateListSchema = z.object({ templates: z.array(templateSummarySchema) });

export const templatePreviewSchema = z.object({
  template: z.string(),
  locale: z.string(),
  subject: z.string(),
  preheader: z.string().nullable().optional(),
  html: z.string(),
  text: z.string(),
  templateVersion: z.string(),
});

export const testSendResultSchema = z.object({ messageId: z.string(), subject: z.string() });

export class TemplateListDto extends createZodDto(templateListSchema) {}
export class TemplatePreviewDto extends createZodDto(templatePreviewSchema) {}
export class TestSendResultDto extends createZodDto(testSendResultSchema) {}
