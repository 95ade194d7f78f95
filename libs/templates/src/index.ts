export { contentHash } from './content-hash';
export { compileOptions, createHandlebarsEnvironment } from './handlebars-environment';
export type { CompileMode, HandlebarsEnvironment } from './handlebars-environment';
export { compareHelpers } from './helpers/compare.helpers';
export { DATE_STYLE_NAMES, formatDate, formatMoney, formatNumber } from './helpers/format.helpers';
export type { DateStyle, FormatScope } from './helpers/format.helpers';
export type { TemplateHelper } from './helpers/helper-args';
export { createTemplateHelpers, TEMPLATE_HELPER_NAMES } from './helpers/template-helpers';
export type { HelperScope } from './helpers/template-helpers';
export { translate } from './helpers/translate.helper';
export type { StringLookup } from './helpers/translate.helper';
export { collectLinks, rewriteLinks } from './link-rewriter';
export type { CollectedLink } from './link-rewriter';
export { localeChain, normalizeLocale, pickLocale } from './locale-chain';
export { htmlToPlainText } from './plain-text';
export {
  brandContextSchema,
  customerContextSchema,
  orderContextSchema,
  renderContextSchema,
  surveyContextSchema,
  templateSampleSchema,
} from './render-context.schema';
export type {
  BrandContext,
  CustomerContext,
  OrderContext,
  OrderItemContext,
  RenderContext,
  RenderedEmail,
  RenderRequest,
  SurveyContext,
  SurveyKind,
} from './render.types';
export { FileTemplateSource } from './sources/file-template.source';
export { parseFrontMatter } from './sources/front-matter';
export type { FrontMatterResult, TemplateFrontMatter } from './sources/front-matter';
export { InMemoryTemplateSource } from './sources/in-memory-template.source';
export { TemplateCompiler } from './template-compiler';
export type { CompileCacheStats, CompiledTemplate, TemplateCompilerOptions } from './template-compiler';
export { TemplateEngine } from './template-engine';
export type { TemplateEngineOptions, VariantRenderInput } from './template-engine';
export { TemplateRenderer } from './template-renderer.service';
export type { TemplateSource } from './template-source';
export { validateTemplates } from './template-validator';
export type { TemplateProblem, TemplateValidationReport, ValidateTemplatesOptions } from './template-validator';
export { TemplateError, TemplateErrorCode, templateError } from './template.error';
export type { TemplateErrorDetails, TemplatePart } from './template.error';
export type {
  LayoutDefinition,
  LocaleStrings,
  PartialDefinition,
  TemplateCatalog,
  TemplateDefinition,
  TemplateSourceIssue,
  TemplateVariant,
} from './template.types';
