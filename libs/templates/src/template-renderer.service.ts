import type { RenderRequest, RenderedEmail } from './render.types';
import { TemplateCompiler } from './template-compiler';
import type { TemplateEngineOptions } from './template-engine';
import { TemplateEngine } from './template-engine';
import type { TemplateSource } from './template-source';

/**
 * Renders emails from a template source. Loads the catalog once (call `reload()` after a publish);
 * compiled templates are cached by content hash across reloads, so only changed ones recompile.
 * A plain class: the app wraps it in a Nest provider.
 */
export class TemplateRenderer {
  private readonly compiler: TemplateCompiler;
  private engine?: Promise<TemplateEngine>;

  constructor(
    private readonly source: TemplateSource,
    private readonly options: Omit<TemplateEngineOptions, 'compiler'> & { compiler?: TemplateCompiler } = {},
  ) {
    this.compiler = options.compiler ?? new TemplateCompiler();
  }

  /** `{ template, locale?, data?, context }` -> subject, preheader, html, text, locale used, version. */
  async render(request: RenderRequest): Promise<RenderedEmail> {
    return (await this.current()).render(request);
  }

  /** The locale variant a request would use, e.g. `es` for `es-MX`. */
  async resolveLocale(template: string, locale?: string): Promise<string> {
    return (await this.current()).resolveLocale(template, locale);
  }

  async templateIds(): Promise<string[]> {
    return (await this.current()).templateIds();
  }

  /** Forgets the loaded catalog; the next render loads it again from the source. */
  reload(): void {
    this.engine = undefined;
  }

  cacheStats(): ReturnType<TemplateCompiler['stats']> {
    return this.compiler.stats();
  }

  private current(): Promise<TemplateEngine> {
    if (!this.engine) {
      const loading = this.source
        .load()
        .then((catalog) => new TemplateEngine(catalog, { ...this.options, compiler: this.compiler }));
      loading.catch(() => {
        if (this.engine === loading) this.engine = undefined;
      });
      this.engine = loading;
    }
    return this.engine;
  }
}
