import { localeChain } from './locale-chain';
import type { RenderContext } from './render.types';
import { templateSampleSchema } from './render-context.schema';
import { TemplateCompiler } from './template-compiler';
import { TemplateEngine } from './template-engine';
import type { TemplateSource } from './template-source';
import { TemplateError, TemplateErrorCode } from './template.error';
import type { TemplateCatalog, TemplateDefinition } from './template.types';

export interface TemplateProblem {
  code: TemplateErrorCode;
  template?: string;
  locale?: string;
  /** File (or origin) to fix, relative to the templates folder. */
  file: string;
  message: string;
}

export interface TemplateValidationReport {
  ok: boolean;
  problems: TemplateProblem[];
  templates: number;
  /** Template × locale variants rendered against their sample. */
  rendered: number;
}

export interface ValidateTemplatesOptions {
  /** Every template must have these variants. Default `es`, `en`, `pt`. */
  requiredLocales?: string[];
  defaultLocale?: string;
  compiler?: TemplateCompiler;
}

/**
 * Checks a whole template source: every file readable, every required locale present, every
 * sample.json well formed, and every template × locale rendered in strict mode against its
 * sample. Reports all problems instead of stopping at the first. Used by `postventa templates validate`.
 */
export async function validateTemplates(
  source: TemplateSource,
  options: ValidateTemplatesOptions = {},
): Promise<TemplateValidationReport> {
  const requiredLocales = options.requiredLocales ?? ['es', 'en', 'pt'];
  let catalog: TemplateCatalog;
  try {
    catalog = await source.load();
  } catch (error) {
    const message = `Cannot load templates: ${error instanceof Error ? error.message : String(error)}`;
    return {
      ok: false,
      problems: [{ code: TemplateErrorCode.InvalidDefinition, file: '.', message }],
      templates: 0,
      rendered: 0,
    };
  }

  const problems: TemplateProblem[] = catalog.issues.map((issue) => ({
    code: TemplateErrorCode.InvalidDefinition,
    file: issue.origin,
    message: issue.message,
    ...(issue.template ? { template: issue.template } : {}),
    ...(issue.locale ? { locale: issue.locale } : {}),
  }));
  const engine = new TemplateEngine(catalog, {
    defaultLocale: options.defaultLocale,
    compiler: options.compiler ?? new TemplateCompiler(),
  });

  problems.push(...checkStrings(catalog, requiredLocales, engine.defaultLocale));
  let rendered = 0;
  for (const template of [...catalog.templates].sort((a, b) => a.id.localeCompare(b.id))) {
    const result = checkTemplate(engine, template, requiredLocales);
    problems.push(...result.problems);
    rendered += result.rendered;
  }
  return { ok: problems.length === 0, problems, templates: catalog.templates.length, rendered };
}

function checkTemplate(
  engine: TemplateEngine,
  template: TemplateDefinition,
  requiredLocales: string[],
): { problems: TemplateProblem[]; rendered: number } {
  const problems: TemplateProblem[] = [];
  const id = template.id;
  const have = new Set(template.variants.map((v) => v.locale.toLowerCase()));
  for (const locale of requiredLocales) {
    if (!have.has(locale.toLowerCase())) {
      problems.push({
        code: TemplateErrorCode.LocaleNotFound,
        template: id,
        locale,
        file: `${id}/${locale}.hbs`,
        message: `Missing the "${locale}" variant`,
      });
    }
  }
  const sampleFile = template.sampleOrigin ?? `${id}/sample.json`;
  if (template.sample === undefined) {
    if (!template.sampleOrigin) {
      problems.push({
        code: TemplateErrorCode.InvalidSample,
        template: id,
        file: sampleFile,
        message: 'Missing sample.json (needed for preview and validation)',
      });
    }
    return { problems, rendered: 0 };
  }
  const sample = templateSampleSchema.safeParse(template.sample);
  if (!sample.success) {
    for (const issue of sample.error.issues) {
      problems.push({
        code: TemplateErrorCode.InvalidSample,
        template: id,
        file: sampleFile,
        message: `${issue.path.join('.') || '(root)'}: ${issue.message}`,
      });
    }
    return { problems, rendered: 0 };
  }

  let rendered = 0;
  for (const variant of template.variants) {
    try {
      const email = engine.renderVariant(id, variant.locale, {
        locale: variant.locale,
        context: sample.data.context as RenderContext,
        data: sample.data.data,
      });
      rendered += 1;
      const empty = (['subject', 'preheader', 'html', 'text'] as const).filter((part) => email[part].trim() === '');
      if (empty.length > 0) {
        problems.push({
          code: TemplateErrorCode.InvalidDefinition,
          template: id,
          locale: variant.locale,
          file: variant.origin,
          message: `Renders an empty ${empty.join(', ')}`,
        });
      }
    } catch (error) {
      if (!(error instanceof TemplateError)) throw error;
      problems.push({
        code: error.code,
        template: id,
        locale: variant.locale,
        file: error.details.file ?? variant.origin,
        message: error.message,
      });
    }
  }
  return { problems, rendered };
}

/** Keys the default locale has that another required locale lacks (they would fall back). */
function checkStrings(catalog: TemplateCatalog, requiredLocales: string[], defaultLocale: string): TemplateProblem[] {
  const problems: TemplateProblem[] = [];
  const byLocale = new Map(catalog.strings.map((s) => [s.locale.toLowerCase(), s]));
  const base = byLocale.get(defaultLocale.toLowerCase());
  if (!base) return problems;
  for (const locale of requiredLocales) {
    const strings = byLocale.get(locale.toLowerCase());
    const chain = localeChain(locale, defaultLocale);
    if (chain[0].toLowerCase() === defaultLocale.toLowerCase()) continue;
    const file = strings?.origin ?? `locales/${locale}.yaml`;
    const missing = Object.keys(base.entries).filter((key) => !strings || !Object.hasOwn(strings.entries, key));
    if (missing.length > 0) {
      problems.push({
        code: TemplateErrorCode.MissingString,
        locale,
        file,
        message: `Missing strings: ${missing.join(', ')}`,
      });
    }
  }
  return problems;
}
