import { type Command, type CommandOfType, type CommandType, commandSchema } from './commands.schema';
import { ContractError, ContractErrorCode } from './contract-error';
import type { CustomerData } from './customer.schema';
import type { EventDataMap, ReservedEventType, TypedEvent } from './event-types';
import { makeEvent } from './make-event';
import { toContractIssues } from './zod-issues';

/**
 * Deterministic, realistic fixtures for tests across the repository. Every call returns a fresh
 * copy, so a test may mutate what it gets.
 */
export const SAMPLE_CUSTOMER_ID = 'cus_8f14e45f';
export const SAMPLE_TIME = '2025-03-14T09:30:00Z';
export const SAMPLE_SOURCE = 'https://shop.example.com';
export const SAMPLE_ORDER_ID = 'ord_1001';

const customer: CustomerData = {
  email: 'lucia.fernandez@example.com',
  name: 'Lucía Fernández',
  first_name: 'Lucía',
  last_name: 'Fernández',
  locale: 'es-MX',
  timezone: 'America/Mexico_City',
  phone: '+525512345678',
  attributes: { segment: 'vip', orders_count: 3 },
  consent: { marketing: true, transactional: true },
};

const items = [
  {
    sku: 'KB-75-BLK',
    product_id: 'prod_keyboard_75',
    name: 'Teclado mecánico 75%',
    quantity: 1,
    unit_price: 89.9,
    category: 'keyboards',
  },
  { sku: 'CBL-USBC-2M', product_id: 'prod_cable_usbc', name: 'Cable USB-C 2 m', quantity: 2, unit_price: 9.5 },
];

const order = {
  order_id: SAMPLE_ORDER_ID,
  order_number: '#1001',
  customer,
  items,
  subtotal: 108.9,
  discount: 0,
  tax: 17.42,
  shipping: 4.99,
  total: 131.31,
  currency: 'MXN',
  channel: 'web',
};

const flow = { id: 'post-purchase', version: 3 };
const journey = { journey_id: 'jny_cus_8f14e45f_post-purchase_1', flow, moment: 'fmot' as const, order_id: SAMPLE_ORDER_ID };

/** Valid data for every reserved event type. */
export const SAMPLE_EVENT_DATA: { readonly [K in ReservedEventType]: EventDataMap[K] } = {
  'order.placed': { ...order, coupon_codes: ['WELCOME10'] },
  'order.paid': { ...order, payment_method: 'card', paid_at: '2025-03-14T09:31:12Z' },
  'order.shipped': {
    ...order,
    carrier: 'DHL',
    tracking_number: 'JD014600006281234567',
    tracking_url: 'https://www.dhl.com/track?id=JD014600006281234567',
    shipped_at: '2025-03-15T14:00:00-06:00',
    estimated_delivery: '2025-03-18',
  },
  'order.delivered': { ...order, carrier: 'DHL', delivered_at: '2025-03-18T11:42:00-06:00' },
  'order.cancelled': { ...order, reason: 'Customer changed their mind', cancelled_by: 'customer' },
  'order.refunded': { ...order, refund_id: 'ref_77', amount: 19, reason: 'Damaged cable', full: false },
  'order.returned': {
    order_id: SAMPLE_ORDER_ID,
    return_id: 'ret_12',
    items: [{ sku: 'CBL-USBC-2M', quantity: 1, reason: 'damaged' }],
    reason: 'Damaged on arrival',
  },
  'account.created': { account_id: 'acc_42', plan: 'pro-trial', trial_ends_at: '2025-03-28T09:30:00Z', signup_source: 'web', customer },
  'product.activated': { product_id: 'prod_keyboard_75', sku: 'KB-75-BLK', order_id: SAMPLE_ORDER_ID, serial_number: 'SN-0042-7781' },
  'product.first_used': { product_id: 'prod_keyboard_75', order_id: SAMPLE_ORDER_ID, feature: 'macro_editor' },
  'product.used': { feature: 'macro_editor', product_id: 'prod_keyboard_75', count: 3, duration_seconds: 420 },
  'usage.milestone': { milestone: 'first_macro_saved', value: 1, product_id: 'prod_keyboard_75' },
  'ticket.opened': {
    ticket_id: 'tkt_5512',
    subject: 'A key does not register',
    priority: 'high',
    channel: 'email',
    reopened: false,
    order_id: SAMPLE_ORDER_ID,
    tags: ['hardware'],
  },
  'ticket.resolved': { ticket_id: 'tkt_5512', resolution: 'Replacement switch sent', satisfied: true },
  'survey.answered': {
    survey_id: 'srv_nps_post_delivery',
    kind: 'nps',
    score: 9,
    comment: 'Llegó rápido y funciona perfecto',
    command_id: 'cmd_3c59dc04',
    flow_id: flow.id,
    flow_version: flow.version,
    step_id: 'ask-nps',
    journey_id: journey.journey_id,
    order_id: SAMPLE_ORDER_ID,
  },
  'email.opened': { delivery_id: 'dlv_a87ff679', command_id: 'cmd_3c59dc04', template: 'order-delivered' },
  'email.clicked': {
    delivery_id: 'dlv_a87ff679',
    command_id: 'cmd_3c59dc04',
    template: 'order-delivered',
    url: 'https://shop.example.com/guides/keyboard-75',
    link_id: 'guide_cta',
  },
  'customer.unsubscribed': { category: 'marketing', delivery_id: 'dlv_a87ff679' },
  'journey.entered': { ...journey, step_id: 'send-confirmation', trigger_event_id: 'evt_order_placed_1001', trigger_event_type: 'order.placed' },
  'journey.step': { ...journey, step_id: 'send-confirmation', step_type: 'send_email', outcome: 'completed', command_id: 'cmd_3c59dc04' },
  'journey.exited': { ...journey, step_id: 'ask-nps', outcome: 'completed', entered_at: '2025-03-14T09:30:00Z' },
  'journey.converted': { ...journey, goal: 'left_review', event_id: 'evt_review_1', event_type: 'review.posted', entered_at: '2025-03-14T09:30:00Z' },
  'email.sent': {
    command_id: 'cmd_3c59dc04',
    delivery_id: 'dlv_a87ff679',
    journey_id: journey.journey_id,
    flow,
    step_id: 'send-confirmation',
    moment: 'fmot',
    order_id: SAMPLE_ORDER_ID,
    template: 'order-confirmation',
    category: 'transactional',
    locale: 'es-MX',
    message_id: '<dlv_a87ff679@postventa.example.com>',
    attempt: 1,
  },
  'email.failed': {
    command_id: 'cmd_3c59dc04',
    journey_id: journey.journey_id,
    flow,
    step_id: 'send-confirmation',
    template: 'order-confirmation',
    category: 'transactional',
    error_code: 'SMTP_TIMEOUT',
    error_message: 'The SMTP server did not answer within 10 s',
    retryable: true,
    attempt: 2,
  },
  'email.bounced': { bounce_type: 'hard', command_id: 'cmd_3c59dc04', delivery_id: 'dlv_a87ff679', diagnostic: '550 5.1.1 user unknown' },
  'alert.raised': {
    alert_id: 'alr_c4ca4238',
    command_id: 'cmd_e4da3b7f',
    journey_id: journey.journey_id,
    flow,
    step_id: 'alert-detractor',
    moment: 'smot',
    order_id: SAMPLE_ORDER_ID,
    severity: 'high',
    reason: 'detractor_score',
    route: 'support-mx',
    note: 'NPS 3 after delivery',
  },
  'alert.acknowledged': { alert_id: 'alr_c4ca4238', owner: 'ana@support.example.com', severity: 'high', raised_at: '2025-03-19T10:00:00Z' },
  'alert.resolved': { alert_id: 'alr_c4ca4238', owner: 'ana@support.example.com', resolution: 'Called the customer; replacement sent', raised_at: '2025-03-19T10:00:00Z' },
  'alert.escalated': { alert_id: 'alr_c4ca4238', severity: 'critical', previous_severity: 'high', level: 1, route: 'support-leads', reason: 'not_acknowledged' },
  'risk.changed': {
    score: 72,
    previous_score: 35,
    level: 'high',
    previous_level: 'medium',
    factors: [{ code: 'detractor_score', weight: 30 }, { code: 'ticket_reopened', weight: 7 }],
    event_id: 'evt_survey_1',
    event_type: 'survey.answered',
  },
  'timer.fired': { timer_id: 'tmr_1679091c', due_at: '2025-03-21T09:30:00Z', journey_id: journey.journey_id, flow, step_id: 'wait-3-days', purpose: 'wait' },
};

export interface SampleEventOverrides<K extends ReservedEventType> {
  id?: string;
  time?: string;
  subject?: string;
  source?: string;
  /** Shallow-merged over the sample data. */
  data?: Partial<EventDataMap[K]>;
}

/** A valid event of a reserved type; the id is `evt_sample_<type>` unless overridden. */
export function sampleEvent<K extends ReservedEventType>(type: K, overrides: SampleEventOverrides<K> = {}): TypedEvent<K> {
  const data = { ...structuredClone(SAMPLE_EVENT_DATA[type]), ...overrides.data } as EventDataMap[K];
  return makeEvent(type, overrides.subject ?? SAMPLE_CUSTOMER_ID, data, {
    id: overrides.id ?? `evt_sample_${type}`,
    time: overrides.time ?? SAMPLE_TIME,
    source: overrides.source ?? SAMPLE_SOURCE,
  });
}

const commandBase = {
  customer_id: SAMPLE_CUSTOMER_ID,
  journey_id: journey.journey_id,
  flow,
  issued_at: SAMPLE_TIME,
  order_id: SAMPLE_ORDER_ID,
  locale: 'es-MX',
};

const SAMPLE_COMMANDS: { readonly [T in CommandType]: CommandOfType<T> } = {
  'email.send': {
    ...commandBase,
    type: 'email.send',
    command_id: 'cmd_sample_email',
    step_id: 'send-confirmation',
    moment: 'fmot',
    template: 'order-confirmation',
    category: 'transactional',
    data: { order_number: '#1001', total: 131.31, currency: 'MXN' },
  },
  'survey.send': {
    ...commandBase,
    type: 'survey.send',
    command_id: 'cmd_sample_survey',
    step_id: 'ask-nps',
    moment: 'smot',
    template: 'nps-after-first-use',
    survey: { kind: 'nps', survey_id: 'srv_nps_post_delivery' },
    data: { product_name: 'Teclado mecánico 75%' },
  },
  'alert.raise': {
    ...commandBase,
    type: 'alert.raise',
    command_id: 'cmd_sample_alert',
    step_id: 'alert-detractor',
    moment: 'smot',
    severity: 'high',
    reason: 'detractor_score',
    route: 'support-mx',
    note: 'NPS 3 after delivery',
    data: { score: 3, comment: 'La tecla Q no funciona' },
  },
};

/** A valid command of each type, with overrides merged shallowly and checked. */
export function sampleCommand<T extends CommandType>(type: T, overrides: Partial<CommandOfType<T>> = {}): CommandOfType<T> {
  const candidate = { ...structuredClone(SAMPLE_COMMANDS[type]), ...overrides };
  const result = commandSchema.safeParse(candidate);
  if (!result.success) {
    const [first] = toContractIssues(result.error, candidate);
    throw new ContractError(ContractErrorCode.SchemaViolation, first?.message ?? 'Invalid command', first?.path);
  }
  return result.data as Command as CommandOfType<T>;
}
