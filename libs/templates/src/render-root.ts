import { invalidArgument } from './helpers/helper-args';
import { toPlainObject } from './plain-data';
import type { RenderContext } from './render.types';

export const DEFAULT_BRAND_COLOR = '#0f766e';

/** What a template sees at its root. Layouts also get `email.*` (subject, preheader, body). */
export interface RenderRoot {
  customer: Record<string, unknown>;
  brand: Record<string, unknown>;
  order: Record<string, unknown> | null;
  survey: Record<string, unknown> | null;
  links: Record<string, string>;
  data: Record<string, unknown>;
  email: Record<string, unknown>;
}

const LINK = /^(?:https?:\/\/|mailto:)/i;
const COLOR = /^#[0-9a-f]{3}(?:[0-9a-f]{3})?$/i;

/** Builds the template root from the dispatcher's context and the step's data. */
export function buildRenderRoot(
  context: RenderContext,
  data: Record<string, unknown> | undefined,
  lang: string,
): RenderRoot {
  const customer = toPlainObject(context.customer);
  if (typeof customer.first_name !== 'string' || customer.first_name.trim() === '') {
    customer.first_name = typeof customer.name === 'string' ? (customer.name.trim().split(/\s+/)[0] ?? '') : '';
  }
  const brand = toPlainObject(context.brand);
  brand.primary_color =
    typeof brand.primary_color === 'string' && COLOR.test(brand.primary_color)
      ? brand.primary_color
      : DEFAULT_BRAND_COLOR;

  const links: Record<string, string> = {};
  for (const [name, url] of Object.entries(toPlainObject(context.links))) {
    links[name] = checkLink(`links.${name}`, url);
  }
  if (context.unsubscribeUrl !== undefined) links.unsubscribe = checkLink('unsubscribeUrl', context.unsubscribeUrl);

  return {
    customer,
    brand,
    order: context.order ? withLineTotals(toPlainObject(context.order)) : null,
    survey: context.survey ? checkSurvey(toPlainObject(context.survey)) : null,
    links,
    data: toPlainObject(data ?? {}),
    email: { lang },
  };
}

function checkLink(name: string, url: unknown): string {
  if (typeof url !== 'string' || !LINK.test(url.trim())) {
    throw invalidArgument('context', `${name} must be an http(s) or mailto: URL`);
  }
  return url.trim();
}

function withLineTotals(order: Record<string, unknown>): Record<string, unknown> {
  if (!Array.isArray(order.items)) return order;
  order.items = order.items.map((item: unknown) => {
    if (!item || typeof item !== 'object') return item;
    const line = item as Record<string, unknown>;
    if (line.line_total === undefined && typeof line.unit_price === 'number' && typeof line.quantity === 'number') {
      return { ...line, line_total: Math.round(line.unit_price * line.quantity * 100) / 100 };
    }
    return line;
  });
  return order;
}

function checkSurvey(survey: Record<string, unknown>): Record<string, unknown> {
  const links = Array.isArray(survey.links) ? survey.links : [];
  for (const link of links) {
    const url = link && typeof link === 'object' ? (link as Record<string, unknown>).url : undefined;
    if (typeof url !== 'string' || !/^https?:\/\//i.test(url)) {
      throw invalidArgument('context', 'survey.links[].url must be an http(s) URL');
    }
  }
  const sorted = [...links].sort(
    (a, b) => Number((a as { score: number }).score) - Number((b as { score: number }).score),
  );
  return { ...survey, links: sorted };
}

/** `order`, `survey.links`, `data.alert`: is the path present and not null/empty? */
export function hasPath(root: RenderRoot, path: string): boolean {
  let node: unknown = root;
  for (const segment of path.split('.')) {
    if (!node || typeof node !== 'object' || !Object.hasOwn(node, segment)) return false;
    node = (node as Record<string, unknown>)[segment];
  }
  return node !== null && node !== undefined && node !== '';
}
