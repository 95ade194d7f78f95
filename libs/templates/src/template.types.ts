/**
 * What a template source returns: plain definitions, already split into their parts. Sources do
 * the I/O (files today, the database later); compiling and rendering never touch storage.
 */

/** One locale variant of a template, e.g. `order-confirmation` in `es`. */
export interface TemplateVariant {
  /** BCP 47 tag as authored: `es`, `en`, `pt`, or a regional one such as `pt-BR`. */
  locale: string;
  /** Handlebars, rendered as plain text (no HTML escaping). */
  subject: string;
  /** Handlebars, rendered as plain text; shown by mail clients next to the subject. */
  preheader: string;
  /** Handlebars HTML body, placed inside the layout. */
  html: string;
  /** Optional Handlebars plain-text body; generated from the HTML when absent. */
  text?: string;
  /** Layout name; `none` sends the HTML as written. Defaults to the brand's layout, then `default`. */
  layout?: string;
  /** Context paths that must be present, e.g. `order`, `survey`, `data.alert`. */
  requires?: string[];
  /** Where it came from, for messages: `order-confirmation/es.hbs` or `db:template/42`. */
  origin: string;
  textOrigin?: string;
}

export interface TemplateDefinition {
  id: string;
  variants: TemplateVariant[];
  /** Parsed `sample.json` (`{ context, data }`), used by preview and validation. */
  sample?: unknown;
  sampleOrigin?: string;
}

export interface LayoutDefinition {
  name: string;
  source: string;
  origin: string;
}

export interface PartialDefinition {
  name: string;
  source: string;
  origin: string;
}

/** Small per-locale strings for layouts and partials, read with the `t` helper. */
export interface LocaleStrings {
  locale: string;
  /** Flat keys: `footer.unsubscribe`. Values may hold `{name}` placeholders. */
  entries: Record<string, string>;
  origin: string;
}

/** Something a source could not read; reported by validation, skipped by rendering. */
export interface TemplateSourceIssue {
  origin: string;
  template?: string;
  locale?: string;
  message: string;
}

export interface TemplateCatalog {
  templates: TemplateDefinition[];
  layouts: LayoutDefinition[];
  partials: PartialDefinition[];
  strings: LocaleStrings[];
  issues: TemplateSourceIssue[];
}
