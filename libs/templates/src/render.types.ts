/** What the dispatcher knows about the sender; read in templates as `brand.*`. */
export interface BrandContext {
  name: string;
  /** Physical postal address, shown in the footer (required in most countries for marketing email). */
  address: string;
  support_email: string;
  logo_url?: string;
  website_url?: string;
  /** Hex colour for the header and buttons, e.g. `#0f766e`. Anything else falls back to the default. */
  primary_color?: string;
  /** Layout to use (`layouts/<layout>.hbs`) unless the template picks one. */
  layout?: string;
  [extra: string]: unknown;
}

/** Read as `customer.*`. */
export interface CustomerContext {
  name?: string;
  first_name?: string;
  email: string;
  locale?: string;
  /** IANA zone such as `America/Mexico_City`; dates are shown in it. */
  timezone?: string;
  [extra: string]: unknown;
}

export interface OrderItemContext {
  name: string;
  quantity: number;
  /** Major units (12.5 = twelve and a half). */
  unit_price: number;
  /** Computed as quantity × unit price when absent. */
  line_total?: number;
  sku?: string;
  image_url?: string;
  [extra: string]: unknown;
}

/** Read as `order.*`. Amounts in major units of `currency`. */
export interface OrderContext {
  order_id: string;
  items: OrderItemContext[];
  total: number;
  currency: string;
  [extra: string]: unknown;
}

export type SurveyKind = 'nps' | 'csat' | 'ces';

/** Read as `survey.*`; one signed link per score. */
export interface SurveyContext {
  kind: SurveyKind;
  links: Array<{ score: number; url: string }>;
}

/** Everything the dispatcher supplies besides the step's own `data`. */
export interface RenderContext {
  brand: BrandContext;
  customer: CustomerContext;
  order?: OrderContext;
  survey?: SurveyContext;
  /** Shown in the footer; read as `links.unsubscribe`. */
  unsubscribeUrl?: string;
  /** Extra named links (tutorials, acknowledge, review…), read as `links.<name>`. */
  links?: Record<string, string>;
}

export interface RenderRequest {
  /** Template id: the folder name, e.g. `order-confirmation`. */
  template: string;
  /** Wanted locale; defaults to `context.customer.locale`, then the default locale. */
  locale?: string;
  /** Anything else the step passes, read as `data.*`. */
  data?: Record<string, unknown>;
  context: RenderContext;
  /** Wraps http(s) links (click tracking) before the text part is generated. */
  rewriteLink?: (url: string) => string;
}

export interface RenderedEmail {
  subject: string;
  preheader: string;
  html: string;
  text: string;
  /** The variant actually used, after the fallback chain (`es` for `es-MX`). */
  locale: string;
  /** Content hash of everything that shaped the output: variant, layout, partials, strings. */
  templateVersion: string;
}
