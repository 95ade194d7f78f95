import { DateTime } from 'luxon';
import { contentHash } from './content-hash';
import type { CompileMode } from './handlebars-environment';
import type { ErrorSourceCandidate } from './handlebars-error';
import { toTemplateError } from './handlebars-error';
import { createTemplateHelpers } from './helpers/template-helpers';
import { localeChain, normalizeLocale, pickLocale, sameLanguage } from './locale-chain';
import { collectLinks, rewriteLinks } from './link-rewriter';
import { htmlToPlainText } from './plain-text';
import type { RenderRoot } from './render-root';
import { buildRenderRoot, hasPath } from './render-root';
import type { RenderRequest, RenderedEmail } from './render.types';
import type { HandlebarsDelegate, RenderRuntime } from './template-compiler';
import { TemplateCompiler } from './template-compiler';
import type { TemplateErrorDetails, TemplatePart } from './template.error';
import { TemplateErrorCode, templateError } from './template.error';
import type {
  LayoutDefinition,
  PartialDefinition,
  TemplateCatalog,
  TemplateDefinition,
  TemplateVariant,
} from './template.types';

export interface TemplateEngineOptions {
  /** Last locale of every fallback chain. Default `en`. */
  defaultLocale?: string;
  /** Used when the customer has no valid time zone. Default `UTC`. */
  defaultTimeZone?: string;
  /** Layout used when neither the template nor the brand names one. Default `default`. */
  defaultLayout?: string;
  /** Share one compiler (and its cache) between engines built from successive catalogs. */
  compiler?: TemplateCompiler;
}

/** Exactly one variant, with the request's data: what `renderVariant` needs. */
export type VariantRenderInput = Omit<RenderRequest, 'template'>;

/**
 * Renders emails from one loaded catalog. Synchronous and free of I/O: sources load, the engine
 * compiles (through the shared cache) and renders.
 */
export class TemplateEngine {
  readonly defaultLocale: string;
  private readonly defaultTimeZone: string;
  private readonly defaultLayout: string;
  private readonly compiler: TemplateCompiler;
  private readonly templates = new Map<string, TemplateDefinition>();
  private readonly layouts = new Map<string, LayoutDefinition>();
  private readonly partials = new Map<string, PartialDefinition>();
  private readonly strings = new Map<string, Record<string, string>>();
  private readonly compiledPartials = new Map<CompileMode, Record<string, HandlebarsDelegate>>();
  private readonly versions = new Map<string, string>();

  constructor(catalog: TemplateCatalog, options: TemplateEngineOptions = {}) {
    this.defaultLocale = normalizeLocale(options.defaultLocale) ?? 'en';
    this.defaultTimeZone = options.defaultTimeZone ?? 'UTC';
    this.defaultLayout = options.defaultLayout ?? 'default';
    this.compiler = options.compiler ?? new TemplateCompiler();
    catalog.templates.forEach((t) => this.templates.set(t.id, t));
    catalog.layouts.forEach((l) => this.layouts.set(l.name, l));
    catalog.partials.forEach((p) => this.partials.set(p.name, p));
    catalog.strings.forEach((s) =>
      this.strings.set(s.locale.toLowerCase(), { ...this.strings.get(s.locale.toLowerCase()), ...s.entries }),
    );
  }

  templateIds(): string[] {
    return [...this.templates.keys()].sort();
  }

  /** The variant locale that `locale` resolves to through its fallback chain. */
  resolveLocale(templateId: string, locale?: string): string {
    const template = this.template(templateId);
    const chain = localeChain(locale, this.defaultLocale);
    const picked = pickLocale(
      chain,
      template.variants.map((v) => v.locale),
    );
    if (!picked) {
      throw templateError(
        TemplateErrorCode.LocaleNotFound,
        `No variant for locale "${locale ?? ''}" (tried ${chain.join(', ')}; have ${template.variants.map((v) => v.locale).join(', ') || 'none'})`,
        { template: templateId, locale: locale ?? this.defaultLocale },
      );
    }
    return picked;
  }

  render(request: RenderRequest): RenderedEmail {
    const wanted = request.locale ?? request.context.customer.locale;
    return this.renderVariant(request.template, this.resolveLocale(request.template, wanted), {
      ...request,
      locale: wanted,
    });
  }

  /** Renders one exact variant (no fallback); `input.locale` still shapes number and date formats. */
  renderVariant(templateId: string, variantLocale: string, input: VariantRenderInput): RenderedEmail {
    const template = this.template(templateId);
    const variant = template.variants.find((v) => v.locale.toLowerCase() === variantLocale.toLowerCase());
    if (!variant) {
      throw templateError(TemplateErrorCode.LocaleNotFound, `No "${variantLocale}" variant`, {
        template: templateId,
        locale: variantLocale,
      });
    }
    const where = { template: templateId, locale: variant.locale };
    const wanted = normalizeLocale(input.locale);
    const formatLocale = wanted && sameLanguage(wanted, variant.locale) ? wanted : variant.locale;

    let root: RenderRoot;
    try {
      root = buildRenderRoot(input.context, input.data, variant.locale);
    } catch (error) {
      throw toTemplateError(error, { ...where, file: variant.origin });
    }
    for (const path of variant.requires ?? []) {
      if (!hasPath(root, path)) {
        throw templateError(TemplateErrorCode.MissingVariable, `Missing variable "${path}" (listed in requires)`, {
          ...where,
          file: variant.origin,
          variable: path,
        });
      }
    }

    const zone = input.context.customer.timezone;
    const timeZone = zone && DateTime.local().setZone(zone).isValid ? zone : this.defaultTimeZone;
    const chain = localeChain(formatLocale, this.defaultLocale);
    const helpers = createTemplateHelpers({
      locale: formatLocale,
      timeZone,
      strings: (key) => this.lookupString(chain, key),
    });
    const runtime = (mode: CompileMode): RenderRuntime => ({ helpers, partials: this.partialsFor(mode, where) });

    const piece = (part: TemplatePart, source: string, mode: CompileMode, file: string, context: object): string => {
      const details: TemplateErrorDetails = { ...where, part, file };
      const compiled = this.compiler.compile(source, mode, details);
      try {
        return this.compiler.run(compiled, context, runtime(mode));
      } catch (error) {
        throw toTemplateError(error, details, [{ source, file }, ...this.partialCandidates()]);
      }
    };

    const oneLine = (s: string): string => s.replace(/\s+/g, ' ').trim();
    const subject = oneLine(piece('subject', variant.subject, 'text', variant.origin, root));
    const preheader = oneLine(piece('preheader', variant.preheader, 'text', variant.origin, root));
    const body = piece('html', variant.html, 'html', variant.origin, root);

    const layoutName = this.layoutName(variant, root);
    let html = body;
    if (layoutName !== 'none') {
      const layout = this.layouts.get(layoutName);
      if (!layout) {
        throw templateError(
          TemplateErrorCode.LayoutNotFound,
          `Layout "${layoutName}" not found (layouts/${layoutName}.hbs)`,
          {
            ...where,
            file: variant.origin,
            part: 'layout',
          },
        );
      }
      const email = { ...root.email, subject, preheader, body };
      html = piece('layout', layout.source, 'html', layout.origin, { ...root, email });
    }
    if (collectLinks(html).some((link) => link.url === '')) {
      // Hash parameters of partials (`{{> button url=links.x}}`) are not strict; catch the result.
      throw templateError(
        TemplateErrorCode.MissingVariable,
        'A link has an empty href (is a links.* or url variable missing?)',
        {
          ...where,
          part: 'html',
          file: variant.origin,
          variable: 'href',
        },
      );
    }
    if (input.rewriteLink) html = rewriteLinks(html, input.rewriteLink);

    const text =
      variant.text !== undefined
        ? piece('text', variant.text, 'text', variant.textOrigin ?? variant.origin, root).trim()
        : htmlToPlainText(html);

    return {
      subject,
      preheader,
      html,
      text,
      locale: variant.locale,
      templateVersion: this.version(template, variant, layoutName, chain),
    };
  }

  private template(id: string): TemplateDefinition {
    const template = this.templates.get(id);
    if (!template)
      throw templateError(TemplateErrorCode.TemplateNotFound, `Template "${id}" not found`, { template: id });
    return template;
  }

  private layoutName(variant: TemplateVariant, root: RenderRoot): string {
    if (variant.layout) return variant.layout;
    const brandLayout = root.brand.layout;
    return typeof brandLayout === 'string' && this.layouts.has(brandLayout) ? brandLayout : this.defaultLayout;
  }

  private lookupString(chain: string[], key: string): string | undefined {
    for (const locale of chain) {
      const entries = this.strings.get(locale.toLowerCase());
      if (entries && Object.hasOwn(entries, key)) return entries[key];
    }
    return undefined;
  }

  private partialsFor(mode: CompileMode, where: TemplateErrorDetails): Record<string, HandlebarsDelegate> {
    let compiled = this.compiledPartials.get(mode);
    if (!compiled) {
      compiled = {};
      for (const partial of this.partials.values()) {
        compiled[partial.name] = this.compiler.compile(partial.source, mode, {
          ...where,
          file: partial.origin,
        }).delegate;
      }
      this.compiledPartials.set(mode, compiled);
    }
    return compiled;
  }

  private partialCandidates(): ErrorSourceCandidate[] {
    return [...this.partials.values()].map((p) => ({ source: p.source, file: p.origin, partial: p.name }));
  }

  private version(template: TemplateDefinition, variant: TemplateVariant, layoutName: string, chain: string[]): string {
    const key = [template.id, variant.locale, layoutName, chain.join(',')].join('\u0000');
    let version = this.versions.get(key);
    if (!version) {
      const partials = [...this.partials.values()]
        .sort((a, b) => a.name.localeCompare(b.name))
        .flatMap((p) => [p.name, p.source]);
      const strings = chain.map((l) => JSON.stringify(this.strings.get(l.toLowerCase()) ?? {}));
      version = contentHash(
        template.id,
        variant.locale,
        variant.subject,
        variant.preheader,
        variant.html,
        variant.text,
        layoutName,
        this.layouts.get(layoutName)?.source,
        ...partials,
        ...strings,
      );
      this.versions.set(key, version);
    }
    return version;
  }
}
