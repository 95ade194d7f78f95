import { z } from 'zod';

const httpUrl = z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' });

export const brandContextSchema = z.looseObject({
  name: z.string().min(1),
  address: z.string().min(1),
  support_email: z.email(),
  logo_url: httpUrl.optional(),
  website_url: httpUrl.optional(),
  primary_color: z
    .string()
    .regex(/^#[0-9a-f]{3}(?:[0-9a-f]{3})?$/i, 'must be a hex colour such as #0f766e')
    .optional(),
  layout: z.string().optional(),
});

export const customerContextSchema = z.looseObject({
  name: z.string().optional(),
  first_name: z.string().optional(),
  email: z.email(),
  locale: z.string().optional(),
  timezone: z.string().optional(),
});

export const orderContextSchema = z.looseObject({
  order_id: z.string().min(1),
  items: z.array(
    z.looseObject({
      name: z.string().min(1),
      quantity: z.number().positive(),
      unit_price: z.number(),
      line_total: z.number().optional(),
      sku: z.string().optional(),
      image_url: httpUrl.optional(),
    }),
  ),
  total: z.number(),
  currency: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as EUR'),
});

export const surveyContextSchema = z.object({
  kind: z.enum(['nps', 'csat', 'ces']),
  links: z.array(z.object({ score: z.number().int(), url: httpUrl })).min(1),
});

/** Checks a render context (used on sample.json; the dispatcher may use it at its edge). */
export const renderContextSchema = z.object({
  brand: brandContextSchema,
  customer: customerContextSchema,
  order: orderContextSchema.optional(),
  survey: surveyContextSchema.optional(),
  unsubscribeUrl: httpUrl.optional(),
  links: z
    .record(z.string(), z.string().regex(/^(?:https?:\/\/|mailto:)/i, 'must be an http(s) or mailto: URL'))
    .optional(),
});

/** `sample.json` next to each template: the context and data that preview and validation use. */
export const templateSampleSchema = z.strictObject({
  locale: z.string().optional(),
  context: renderContextSchema,
  data: z.record(z.string(), z.unknown()).optional(),
});
