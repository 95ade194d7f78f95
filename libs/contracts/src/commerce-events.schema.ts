import { z } from 'zod';
import { customerSchema } from './customer.schema';
import { amount, currency, dateOrTimestamp, httpUrl, idString, text, timestamp } from './primitives.schema';

/** A line of an order. Prices are per unit, in the order currency, in major units. */
export const orderItemSchema = z.looseObject({
  sku: idString(),
  product_id: idString().optional(),
  variant_id: idString().optional(),
  name: text(500),
  quantity: z.number().int().gt(0),
  unit_price: amount(),
  category: text(200).optional(),
  url: httpUrl().optional(),
  image_url: httpUrl().optional(),
});
export type OrderItem = z.infer<typeof orderItemSchema>;

/** A returned line: what came back and why. */
export const returnedItemSchema = z.looseObject({
  sku: idString(),
  product_id: idString().optional(),
  name: text(500).optional(),
  quantity: z.number().int().gt(0),
  reason: text().optional(),
});
export type ReturnedItem = z.infer<typeof returnedItemSchema>;

/** Fields every order event may carry; stores usually resend the whole order each time. */
const orderShape = {
  order_id: idString(),
  /** The number the customer sees, e.g. `#1001`. */
  order_number: text(64).optional(),
  customer: customerSchema.optional(),
  items: z.array(orderItemSchema).max(1000).optional(),
  subtotal: amount().optional(),
  discount: amount().optional(),
  tax: amount().optional(),
  shipping: amount().optional(),
  total: amount().optional(),
  currency: currency().optional(),
  /** Where the order came from: `web`, `app`, `pos`, `marketplace`... */
  channel: text(64).optional(),
};

export const orderPlacedDataSchema = z.looseObject({
  ...orderShape,
  coupon_codes: z.array(text(64)).max(50).optional(),
});

export const orderPaidDataSchema = z.looseObject({
  ...orderShape,
  payment_method: text(64).optional(),
  paid_at: timestamp().optional(),
});

export const orderShippedDataSchema = z.looseObject({
  ...orderShape,
  carrier: text(100).optional(),
  tracking_number: text(100).optional(),
  tracking_url: httpUrl().optional(),
  shipped_at: timestamp().optional(),
  estimated_delivery: dateOrTimestamp().optional(),
});

export const orderDeliveredDataSchema = z.looseObject({
  ...orderShape,
  carrier: text(100).optional(),
  tracking_number: text(100).optional(),
  delivered_at: timestamp().optional(),
});

export const orderCancelledDataSchema = z.looseObject({
  ...orderShape,
  reason: text().optional(),
  cancelled_by: z.enum(['customer', 'merchant', 'system']).optional(),
});

export const orderRefundedDataSchema = z.looseObject({
  ...orderShape,
  refund_id: idString().optional(),
  /** How much was refunded, in the order currency. */
  amount: amount(),
  reason: text().optional(),
  /** Whether the whole order was refunded. */
  full: z.boolean().optional(),
});

export const orderReturnedDataSchema = z.looseObject({
  ...orderShape,
  return_id: idString().optional(),
  /** The lines that came back (not the whole order). */
  items: z.array(returnedItemSchema).max(1000).optional(),
  reason: text().optional(),
});

export const COMMERCE_EVENT_TYPES = [
  'order.placed',
  'order.paid',
  'order.shipped',
  'order.delivered',
  'order.cancelled',
  'order.refunded',
  'order.returned',
] as const;
export type CommerceEventType = (typeof COMMERCE_EVENT_TYPES)[number];

export const commerceEventDataSchemas = {
  'order.placed': orderPlacedDataSchema,
  'order.paid': orderPaidDataSchema,
  'order.shipped': orderShippedDataSchema,
  'order.delivered': orderDeliveredDataSchema,
  'order.cancelled': orderCancelledDataSchema,
  'order.refunded': orderRefundedDataSchema,
  'order.returned': orderReturnedDataSchema,
} as const satisfies Record<CommerceEventType, z.ZodType>;

export type OrderPlacedData = z.infer<typeof orderPlacedDataSchema>;
export type OrderPaidData = z.infer<typeof orderPaidDataSchema>;
export type OrderShippedData = z.infer<typeof orderShippedDataSchema>;
export type OrderDeliveredData = z.infer<typeof orderDeliveredDataSchema>;
export type OrderCancelledData = z.infer<typeof orderCancelledDataSchema>;
export type OrderRefundedData = z.infer<typeof orderRefundedDataSchema>;
export type OrderReturnedData = z.infer<typeof orderReturnedDataSchema>;
