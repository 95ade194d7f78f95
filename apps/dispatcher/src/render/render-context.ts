import { SURVEY_SCORE_RANGES, SurveyKind } from '@postventa/contracts';
import { BrandContext, CustomerContext, OrderContext, orderContextSchema, RenderContext } from '@postventa/templates';
import { AppConfig } from '@postventa/platform';

/** `brand.*` for templates, from BRAND_* / SUPPORT_EMAIL. */
export function brandFromConfig(config: AppConfig): BrandContext {
  const brand: BrandContext = {
    name: config.get('BRAND_NAME'),
    address: config.get('BRAND_ADDRESS'),
    support_email: config.get('SUPPORT_EMAIL'),
  };
  const website = config.get('BRAND_WEBSITE_URL');
  const logo = config.get('BRAND_LOGO_URL');
  const color = config.get('BRAND_PRIMARY_COLOR');
  if (website) brand.website_url = website;
  if (logo) brand.logo_url = logo;
  if (color) brand.primary_color = color;
  return brand;
}

export interface RecipientProfile {
  email: string;
  name?: string | null;
  locale?: string | null;
  timezone?: string | null;
}

export function customerContext(profile: RecipientProfile): CustomerContext {
  const customer: CustomerContext = { email: profile.email };
  if (profile.name) customer.name = profile.name;
  if (profile.locale) customer.locale = profile.locale;
  if (profile.timezone) customer.timezone = profile.timezone;
  return customer;
}

/**
 * The order a template reads as `order.*`: `data.order` when the step passes one, else the
 * command data itself when it is an order event's data (order_id, items, total, currency).
 */
export function orderFromData(data: Record<string, unknown>): OrderContext | undefined {
  for (const candidate of [data.order, data]) {
    const parsed = orderContextSchema.safeParse(candidate);
    if (parsed.success) return parsed.data as OrderContext;
  }
  return undefined;
}

const LINK = /^(?:https?:\/\/|mailto:)\S+$/i;

/** Named links a template reads as `links.*`: `data.links` entries plus `data.tracking_url`. */
export function linksFromData(data: Record<string, unknown>): Record<string, string> {
  const links: Record<string, string> = {};
  const given = data.links;
  if (given && typeof given === 'object' && !Array.isArray(given)) {
    for (const [name, url] of Object.entries(given as Record<string, unknown>)) {
      if (typeof url === 'string' && LINK.test(url) && name !== 'unsubscribe') links[name] = url;
    }
  }
  if (typeof data.tracking_url === 'string' && LINK.test(data.tracking_url) && !links.tracking)
    links.tracking = data.tracking_url;
  return links;
}

/**
 * The data a template reads as `data.*`: the command's data, with `product_name` taken from the
 * first order item when the flow did not name the product (order events carry items, not a name).
 */
export function templateData(data: Record<string, unknown>): Record<string, unknown> {
  if (typeof data.product_name === 'string' && data.product_name !== '') return data;
  const first = Array.isArray(data.items) ? (data.items[0] as { name?: unknown } | undefined) : undefined;
  return typeof first?.name === 'string' ? { ...data, product_name: first.name } : data;
}

/** Every score of a survey kind, low to high: NPS 0-10, CSAT 1-5, CES 1-7. */
export function surveyScores(kind: SurveyKind): number[] {
  const { min, max } = SURVEY_SCORE_RANGES[kind];
  return Array.from({ length: max - min + 1 }, (_, i) => min + i);
}

export type { RenderContext };
