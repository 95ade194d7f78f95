import type { CustomerData, DomainEventType } from '@postventa/contracts';
import {
  CARRIERS,
  DEMO_ACCESSORIES,
  DEMO_LOCALES,
  DEMO_PRODUCTS,
  DemoLanguage,
  DemoProduct,
  emailPart,
  EUR_PER_UNIT,
  EXAMPLE_DOMAINS,
  FIRST_NAMES,
  LAST_NAMES,
  REFUND_REASONS,
  SAAS_FEATURES,
  SAAS_MILESTONES,
  SAAS_PLANS,
  SAAS_PRODUCT_ID,
  TICKET_SUBJECTS,
} from './demo-catalog';
import { DemoRandom } from './demo-random';

/** How a customer feels about the store: it decides their survey answers and how often they complain. */
export type DemoMood = 'promoter' | 'passive' | 'detractor';

export interface DemoCustomer {
  id: string;
  email: string;
  name: string;
  firstName: string;
  lastName: string;
  locale: string;
  language: DemoLanguage;
  timezone: string;
  currency: string;
  /** `shop`: buys a product; `saas`: signs up to the SaaS product; `both`. */
  segment: 'shop' | 'saas' | 'both';
  /**
   * A new customer places a first order or signs up during the demo (onboarding flows, emails,
   * surveys); an existing one already has: they use what they have, open tickets, buy again,
   * ask for refunds.
   */
  isNew: boolean;
  mood: DemoMood;
  marketingConsent: boolean;
  /** Answers the surveys the flows send (through the links in the email). */
  answersSurveys: boolean;
  /** Unsubscribes through the link of one of the emails. */
  unsubscribes: boolean;
}

/** One event of the store's timeline, due `at` milliseconds after the demo started sending. */
export interface PlannedEvent {
  at: number;
  id: string;
  type: DomainEventType;
  subject: string;
  data: Record<string, unknown>;
}

export interface DemoStoreOptions {
  customers: number;
  seed: number;
  /** Tells this run's ids and email addresses from those of other runs. */
  runId: string;
  /** How long the timeline lasts, in milliseconds. */
  durationMs: number;
  /** Divides the gaps inside each customer's story (2 = twice as fast). */
  speed: number;
  /** Share of the customers who answer the surveys they get (0..1). */
  responseRate: number;
  /** How many of the customers are new (default: `defaultNewCustomers`). */
  newCustomers?: number;
}

export interface DemoStore {
  runId: string;
  customers: DemoCustomer[];
  /** Sorted by `at`. */
  events: PlannedEvent[];
  /** How many of each kind of story the store holds, for the summary. */
  stories: Record<DemoStory, number>;
}

export type DemoStory =
  | 'orders'
  | 'repeat_orders'
  | 'cancelled'
  | 'not_delivered'
  | 'no_first_use'
  | 'refunds'
  | 'returns'
  | 'tickets'
  | 'reopened_tickets'
  | 'accounts'
  | 'not_activated'
  | 'existing_customers';

/** A long story, in milliseconds at speed 1: customers start early enough for theirs to end in time. */
export const STORY_SPAN_MS = 70_000;

/**
 * Least time between an order's delivery and its first use, however fast the story: they travel
 * on two topics (commerce, usage), which the engine reads in no particular order, and the flow
 * waits for the first use only once it has the delivery — a first use read before is missed.
 */
export const DELIVERY_TO_FIRST_USE_MS = 3000;

const MOODS: ReadonlyArray<readonly [DemoMood, number]> = [
  ['promoter', 52],
  ['passive', 24],
  ['detractor', 24],
];

/**
 * New customers in a store of `customers`: all of a small store, 400 of a bigger one. Each new
 * customer brings about five emails; an existing one a few events and, now and then, a repeat
 * order, a ticket or a refund — so a big store stays within what the stack sends in a few minutes.
 */
export function defaultNewCustomers(customers: number): number {
  return Math.min(customers, 400);
}

/** How much more (or less) likely than the response rate each mood is to answer a survey. */
const RESPONSE_BY_MOOD: Readonly<Record<DemoMood, number>> = { promoter: 0.9, passive: 0.85, detractor: 1.5 };

/** A run id: short, lowercase, from the clock (distinct per run) unless given. */
export function newRunId(nowMs: number): string {
  return Math.floor(nowMs / 1000)
    .toString(36)
    .slice(-6);
}

/**
 * Generates the synthetic store: customers (es, en, pt; addresses at example domains) and the
 * timeline of their events — orders placed, paid, shipped, delivered, first uses and usage, SaaS
 * sign-ups, activations and milestones, cancellations, refunds, returns, support tickets and
 * repeat purchases. Pure: the same options give the same store.
 */
export function generateDemoStore(options: DemoStoreOptions): DemoStore {
  if (!Number.isInteger(options.customers) || options.customers < 1) throw new Error('customers must be at least 1');
  const root = new DemoRandom(options.seed);
  const people = root.fork('customers');
  const stories = root.fork('stories');
  // A short timeline tells each story faster; customers arrive over its first part so that
  // their stories end within it (the few longer ones are squeezed to fit).
  const speed = Math.max(options.speed, STORY_SPAN_MS / (options.durationMs * 0.7));
  const arrivalMs = Math.max(options.durationMs - STORY_SPAN_MS / speed, options.durationMs * 0.3);
  const builder = new TimelineBuilder(options.runId);
  const customers: DemoCustomer[] = [];
  const newCustomers = Math.min(options.customers, options.newCustomers ?? defaultNewCustomers(options.customers));
  for (let n = 1; n <= options.customers; n++) {
    // New and existing customers are spread evenly over the timeline.
    const isNew =
      Math.floor((n * newCustomers) / options.customers) > Math.floor(((n - 1) * newCustomers) / options.customers);
    const customer = makeCustomer(people, options, n, isNew);
    customers.push(customer);
    const start = Math.round((arrivalMs * (n - 1 + people.next())) / options.customers);
    const first = builder.events.length;
    writeStory(builder, stories, customer, start, speed);
    builder.fit(first, start, options.durationMs);
  }
  return {
    runId: options.runId,
    customers,
    events: builder.events.sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : 1)),
    stories: builder.stories,
  };
}

function makeCustomer(random: DemoRandom, options: DemoStoreOptions, n: number, isNew: boolean): DemoCustomer {
  const place = random.weighted(DEMO_LOCALES.map((l) => [l, l.weight] as const));
  const firstName = random.pick(FIRST_NAMES[place.language]);
  const lastName = random.pick(LAST_NAMES[place.language]);
  const number = String(n).padStart(4, '0');
  const domain = EXAMPLE_DOMAINS[n % EXAMPLE_DOMAINS.length];
  const mood = random.weighted(MOODS);
  return {
    id: `demo_${options.runId}_c${number}`,
    email: `${emailPart(firstName)}.${emailPart(lastName)}.${options.runId}${number}@${domain}`,
    name: `${firstName} ${lastName}`,
    firstName,
    lastName,
    locale: place.locale,
    language: place.language,
    timezone: random.pick(place.timezones),
    currency: place.currency,
    segment: random.weighted([
      ['shop', 68],
      ['saas', 20],
      ['both', 12],
    ] as const),
    isNew,
    mood,
    marketingConsent: random.chance(0.85),
    // Unhappy customers answer more often than happy ones, as they do.
    answersSurveys: random.chance(Math.min(1, options.responseRate * RESPONSE_BY_MOOD[mood])),
    unsubscribes: random.chance(0.015),
  };
}

function profile(customer: DemoCustomer): CustomerData {
  return {
    email: customer.email,
    name: customer.name,
    first_name: customer.firstName,
    last_name: customer.lastName,
    locale: customer.locale,
    timezone: customer.timezone,
    consent: { marketing: customer.marketingConsent, transactional: true },
    attributes: { demo: true, segment: customer.segment, customer_since: customer.isNew ? 'demo' : 'before' },
  };
}

class TimelineBuilder {
  readonly events: PlannedEvent[] = [];
  readonly stories: Record<DemoStory, number> = {
    orders: 0,
    repeat_orders: 0,
    cancelled: 0,
    not_delivered: 0,
    no_first_use: 0,
    refunds: 0,
    returns: 0,
    tickets: 0,
    reopened_tickets: 0,
    accounts: 0,
    not_activated: 0,
    existing_customers: 0,
  };
  private sequence = 0;
  private orders = 0;
  private tickets = 0;

  constructor(readonly runId: string) {}

  add(at: number, type: DomainEventType, customer: DemoCustomer, data: Record<string, unknown>): void {
    this.sequence++;
    this.events.push({
      at: Math.round(at),
      id: `demo_${this.runId}_e${String(this.sequence).padStart(6, '0')}`,
      type,
      subject: customer.id,
      data,
    });
  }

  /** Squeezes the story of events[from..] (which starts at `start`) to end by `end`, keeping its order. */
  fit(from: number, start: number, end: number): void {
    const story = this.events.slice(from);
    const last = Math.max(...story.map((e) => e.at));
    if (last <= end) return;
    const factor = (end - start) / (last - start);
    for (const event of story) event.at = Math.round(start + (event.at - start) * factor);
  }

  orderId(): { id: string; number: string } {
    this.orders++;
    return { id: `demo_${this.runId}_o${String(this.orders).padStart(5, '0')}`, number: `#${10000 + this.orders}` };
  }

  ticketId(): string {
    this.tickets++;
    return `demo_${this.runId}_t${String(this.tickets).padStart(5, '0')}`;
  }
}

function writeStory(
  timeline: TimelineBuilder,
  random: DemoRandom,
  customer: DemoCustomer,
  start: number,
  speed: number,
): void {
  const gap = (min: number, max: number) => random.between(min, max) / speed;
  if (!customer.isNew) return writeExistingStory(timeline, random, customer, start, gap);
  let at = start;
  if (customer.segment !== 'shop') at = writeSaasStory(timeline, random, customer, at, gap);
  if (customer.segment !== 'saas') writeOrderStory(timeline, random, customer, at, gap, true);
}

/** A customer from before the demo: uses what they have; some buy again, complain or ask for a refund. */
function writeExistingStory(
  timeline: TimelineBuilder,
  random: DemoRandom,
  customer: DemoCustomer,
  start: number,
  gap: (min: number, max: number) => number,
): void {
  timeline.stories.existing_customers++;
  const saas = customer.segment !== 'shop';
  const product = saas ? SAAS_PRODUCT_ID : random.pick(DEMO_PRODUCTS).product_id;
  const features = saas ? SAAS_FEATURES : (['daily_use', 'settings', 'companion_app'] as const);
  let at = start;
  for (let i = random.int(1, 3); i > 0; i--) {
    timeline.add(at, 'product.used', customer, {
      feature: random.pick(features),
      product_id: product,
      count: random.int(1, 20),
      ...(at === start ? { customer: profile(customer) } : {}),
    });
    at += gap(3000, 20_000);
  }
  const unhappy = customer.mood === 'detractor';
  if (random.chance(unhappy ? 0.05 : 0.015)) {
    // a refund of an order from before the demo
    const order = makeOrder(timeline, random, customer);
    timeline.stories.refunds++;
    timeline.add(at, 'order.refunded', customer, {
      ...order.data,
      refund_id: `ref_${order.id}`,
      amount: order.total,
      full: true,
      reason: random.pick(REFUND_REASONS[customer.language]),
    });
  }
  maybeTicket(timeline, random, customer, at + gap(1000, 10_000), gap, undefined, unhappy ? 0.15 : 0.04);
  if (customer.segment !== 'saas' && !unhappy && random.chance(0.08)) {
    timeline.stories.repeat_orders++;
    writeOrderStory(timeline, random, customer, at + gap(2000, 10_000), gap, false);
  }
}

function writeSaasStory(
  timeline: TimelineBuilder,
  random: DemoRandom,
  customer: DemoCustomer,
  start: number,
  gap: (min: number, max: number) => number,
): number {
  const account = `acc_${customer.id}`;
  timeline.stories.accounts++;
  timeline.add(start, 'account.created', customer, {
    account_id: account,
    plan: random.pick(SAAS_PLANS),
    signup_source: random.pick(['web', 'app', 'referral']),
    customer: profile(customer),
  });
  if (random.chance(0.15)) {
    timeline.stories.not_activated++;
    return start + gap(1000, 3000);
  }
  let at = start + gap(4000, 20_000);
  timeline.add(at, 'product.activated', customer, { product_id: SAAS_PRODUCT_ID, account_id: account });
  at += gap(2000, 8000);
  timeline.add(at, 'product.first_used', customer, {
    product_id: SAAS_PRODUCT_ID,
    account_id: account,
    feature: random.pick(SAAS_FEATURES),
  });
  for (let i = random.int(1, 3); i > 0; i--) {
    timeline.add(at + gap(1000, 25_000), 'product.used', customer, {
      feature: random.pick(SAAS_FEATURES),
      product_id: SAAS_PRODUCT_ID,
      account_id: account,
      count: random.int(1, 12),
      duration_seconds: random.int(30, 1800),
    });
  }
  let milestoneAt = at;
  for (const milestone of SAAS_MILESTONES.slice(0, random.int(0, SAAS_MILESTONES.length))) {
    milestoneAt += gap(4000, 12_000);
    timeline.add(milestoneAt, 'usage.milestone', customer, {
      milestone,
      value: milestone === 'ten_exports' ? 10 : 1,
      product_id: SAAS_PRODUCT_ID,
      account_id: account,
    });
  }
  if (customer.segment === 'saas') maybeTicket(timeline, random, customer, at + gap(3000, 20_000), gap, undefined);
  return at + gap(1000, 4000);
}

function writeOrderStory(
  timeline: TimelineBuilder,
  random: DemoRandom,
  customer: DemoCustomer,
  start: number,
  gap: (min: number, max: number) => number,
  mayRepeat: boolean,
): void {
  const order = makeOrder(timeline, random, customer);
  timeline.stories.orders++;
  timeline.add(start, 'order.placed', customer, { ...order.data, customer: profile(customer) });
  let at = start + gap(500, 2500);
  timeline.add(at, 'order.paid', customer, { ...order.data, payment_method: random.pick(['card', 'paypal', 'pix']) });
  if (random.chance(0.025)) {
    timeline.stories.cancelled++;
    timeline.add(at + gap(2000, 8000), 'order.cancelled', customer, {
      ...order.data,
      reason: 'Changed my mind',
      cancelled_by: 'customer',
    });
    return;
  }
  const carrier = random.pick(CARRIERS);
  const tracking = `TRK${random.int(100000000, 999999999)}`;
  at += gap(3000, 8000);
  timeline.add(at, 'order.shipped', customer, {
    ...order.data,
    carrier,
    tracking_number: tracking,
    tracking_url: `https://track.example.com/${tracking}`,
  });
  if (random.chance(0.02)) {
    timeline.stories.not_delivered++; // the flow's delivery wait times out: a delivery-delayed alert
    return;
  }
  at += gap(4000, 10_000);
  timeline.add(at, 'order.delivered', customer, { ...order.data, carrier, tracking_number: tracking });
  const unhappy = customer.mood === 'detractor';
  if (random.chance(unhappy ? 0.2 : 0.08)) {
    timeline.stories.no_first_use++; // silence after delivery: first-use help, then an alert
  } else {
    const used = at + Math.max(gap(3000, 12_000), DELIVERY_TO_FIRST_USE_MS);
    timeline.add(used, 'product.first_used', customer, {
      product_id: order.product.product_id,
      sku: order.product.sku,
      order_id: order.id,
      feature: 'setup',
    });
    for (let i = random.int(0, 2); i > 0; i--) {
      timeline.add(used + gap(2000, 30_000), 'product.used', customer, {
        feature: random.pick(['daily_use', 'settings', 'companion_app']),
        product_id: order.product.product_id,
        count: random.int(1, 5),
      });
    }
  }
  if (random.chance(unhappy ? 0.12 : 0.03)) {
    timeline.stories.refunds++;
    timeline.add(at + gap(8000, 20_000), 'order.refunded', customer, {
      ...order.data,
      refund_id: `ref_${order.id}`,
      amount: order.total,
      full: true,
      reason: random.pick(REFUND_REASONS[customer.language]),
    });
  } else if (random.chance(unhappy ? 0.06 : 0.02)) {
    timeline.stories.returns++;
    timeline.add(at + gap(8000, 25_000), 'order.returned', customer, {
      order_id: order.id,
      return_id: `ret_${order.id}`,
      items: [{ sku: order.product.sku, quantity: 1, reason: 'not_as_described' }],
      reason: random.pick(REFUND_REASONS[customer.language]),
    });
  }
  maybeTicket(timeline, random, customer, at + gap(2000, 25_000), gap, order.id, unhappy ? 0.25 : 0.06);
  if (mayRepeat && customer.mood !== 'detractor' && random.chance(0.14)) {
    timeline.stories.repeat_orders++;
    writeOrderStory(timeline, random, customer, at + gap(10_000, 25_000), gap, false);
  }
}

function maybeTicket(
  timeline: TimelineBuilder,
  random: DemoRandom,
  customer: DemoCustomer,
  at: number,
  gap: (min: number, max: number) => number,
  orderId: string | undefined,
  chance = 0.05,
): void {
  if (!random.chance(chance)) return;
  timeline.stories.tickets++;
  const ticket = timeline.ticketId();
  const base = { ticket_id: ticket, ...(orderId ? { order_id: orderId } : {}) };
  const subject = random.pick(TICKET_SUBJECTS[customer.language]);
  timeline.add(at, 'ticket.opened', customer, {
    ...base,
    subject,
    priority: random.weighted([
      ['low', 2],
      ['normal', 5],
      ['high', 3],
      ['urgent', 1],
    ] as const),
    channel: random.pick(['email', 'chat', 'phone', 'web']),
    reopened: false,
  });
  if (!random.chance(0.7)) return;
  const resolved = at + gap(4000, 15_000);
  timeline.add(resolved, 'ticket.resolved', customer, {
    ...base,
    resolution: 'Answered by the support team',
    satisfied: customer.mood !== 'detractor',
  });
  if (random.chance(customer.mood === 'detractor' ? 0.5 : 0.1)) {
    timeline.stories.reopened_tickets++;
    timeline.add(resolved + gap(3000, 10_000), 'ticket.opened', customer, { ...base, subject, reopened: true });
  }
}

interface DemoOrder {
  id: string;
  product: DemoProduct;
  total: number;
  data: Record<string, unknown>;
}

function makeOrder(timeline: TimelineBuilder, random: DemoRandom, customer: DemoCustomer): DemoOrder {
  const { id, number } = timeline.orderId();
  const product = random.pick(DEMO_PRODUCTS);
  const lines: Array<{ product: DemoProduct; quantity: number }> = [{ product, quantity: 1 }];
  if (random.chance(0.35)) lines.push({ product: random.pick(DEMO_ACCESSORIES), quantity: random.int(1, 2) });
  const rate = EUR_PER_UNIT[customer.currency] ?? 1;
  const price = (eur: number) => Math.round((eur / rate) * 100) / 100;
  const items = lines.map(({ product: p, quantity }) => ({
    sku: p.sku,
    product_id: p.product_id,
    name: p.name[customer.language],
    quantity,
    unit_price: price(p.price),
    category: p.category,
    url: `https://shop.example.com/products/${p.product_id}`,
  }));
  const subtotal = round2(items.reduce((sum, item) => sum + item.unit_price * item.quantity, 0));
  const shipping = subtotal > price(100) ? 0 : price(4.99);
  const tax = round2(subtotal * 0.21);
  const total = round2(subtotal + shipping + tax);
  return {
    id,
    product,
    total,
    data: {
      order_id: id,
      order_number: number,
      items,
      subtotal,
      discount: 0,
      tax,
      shipping,
      total,
      currency: customer.currency,
      channel: random.pick(['web', 'web', 'app', 'marketplace']),
    },
  };
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}
