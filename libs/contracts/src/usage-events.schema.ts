import { z } from 'zod';
import { customerSchema } from './customer.schema';
import { idString, text, timestamp } from './primitives.schema';

const productRefMessage = 'is required when sku is absent: name the product by product_id, sku or both';

/** Refinement: usage of a product names it by product_id, sku, or both. */
function hasProductRef(data: { product_id?: string; sku?: string }): boolean {
  return data.product_id !== undefined || data.sku !== undefined;
}

/** JSON Schema for the same rule, since refinements are not exported. */
const productRefJsonSchema = { anyOf: [{ required: ['product_id'] }, { required: ['sku'] }] };

export const accountCreatedDataSchema = z.looseObject({
  account_id: idString(),
  plan: text(100).optional(),
  trial_ends_at: timestamp().optional(),
  /** Where the sign-up came from: `web`, `app`, `referral`, `sales`... */
  signup_source: text(100).optional(),
  customer: customerSchema.optional(),
});

export const productActivatedDataSchema = z
  .looseObject({
    product_id: idString().optional(),
    sku: idString().optional(),
    order_id: idString().optional(),
    account_id: idString().optional(),
    serial_number: text(200).optional(),
    customer: customerSchema.optional(),
  })
  .refine(hasProductRef, { message: productRefMessage, path: ['product_id'] })
  .meta(productRefJsonSchema);

export const productFirstUsedDataSchema = z
  .looseObject({
    product_id: idString().optional(),
    sku: idString().optional(),
    order_id: idString().optional(),
    account_id: idString().optional(),
    feature: text(200).optional(),
    customer: customerSchema.optional(),
  })
  .refine(hasProductRef, { message: productRefMessage, path: ['product_id'] })
  .meta(productRefJsonSchema);

export const productUsedDataSchema = z.looseObject({
  feature: text(200),
  product_id: idString().optional(),
  sku: idString().optional(),
  account_id: idString().optional(),
  /** How many times the feature was used in the reported period. */
  count: z.number().int().min(1).optional(),
  duration_seconds: z.number().min(0).optional(),
  customer: customerSchema.optional(),
});

export const usageMilestoneDataSchema = z.looseObject({
  /** A name the flows trigger on, e.g. `first_project`, `ten_orders`, `storage_80_percent`. */
  milestone: text(200),
  value: z.number().optional(),
  product_id: idString().optional(),
  account_id: idString().optional(),
  customer: customerSchema.optional(),
});

export const USAGE_EVENT_TYPES = [
  'account.created',
  'product.activated',
  'product.first_used',
  'product.used',
  'usage.milestone',
] as const;
export type UsageEventType = (typeof USAGE_EVENT_TYPES)[number];

export const usageEventDataSchemas = {
  'account.created': accountCreatedDataSchema,
  'product.activated': productActivatedDataSchema,
  'product.first_used': productFirstUsedDataSchema,
  'product.used': productUsedDataSchema,
  'usage.milestone': usageMilestoneDataSchema,
} as const satisfies Record<UsageEventType, z.ZodType>;

export type AccountCreatedData = z.infer<typeof accountCreatedDataSchema>;
export type ProductActivatedData = z.infer<typeof productActivatedDataSchema>;
export type ProductFirstUsedData = z.infer<typeof productFirstUsedDataSchema>;
export type ProductUsedData = z.infer<typeof productUsedDataSchema>;
export type UsageMilestoneData = z.infer<typeof usageMilestoneDataSchema>;
