import { contentHash } from './content-hash';
import type { CompileMode, HandlebarsEnvironment } from './handlebars-environment';
import { compileOptions, createHandlebarsEnvironment } from './handlebars-environment';
import { toTemplateError } from './handlebars-error';
import type { TemplateErrorDetails } from './template.error';
import type { TemplateHelper } from './helpers/helper-args';

export type HandlebarsDelegate = HandlebarsTemplateDelegate<unknown>;

export interface RenderRuntime {
  helpers: Record<string, TemplateHelper>;
  partials: Record<string, HandlebarsDelegate>;
}

export interface CompiledTemplate {
  /** Content hash of mode + source: the cache key. */
  readonly hash: string;
  readonly mode: CompileMode;
  readonly source: string;
  readonly delegate: HandlebarsDelegate;
}

export interface CompileCacheStats {
  hits: number;
  misses: number;
  size: number;
}

export interface TemplateCompilerOptions {
  /** Most compiled templates kept; the least recently used go first. Default 2000. */
  maxEntries?: number;
  environment?: HandlebarsEnvironment;
}

/**
 * Compiles each distinct source once (keyed by a content hash, so a new template version compiles
 * again and an unchanged one never does) in a private, strict Handlebars environment.
 */
export class TemplateCompiler {
  private readonly env: HandlebarsEnvironment;
  private readonly cache = new Map<string, CompiledTemplate>();
  private readonly maxEntries: number;
  private hits = 0;
  private misses = 0;

  constructor(options: TemplateCompilerOptions = {}) {
    this.env = options.environment ?? createHandlebarsEnvironment();
    this.maxEntries = Math.max(1, options.maxEntries ?? 2000);
  }

  /** Throws `TemplateError` (SYNTAX_ERROR, MISSING_HELPER) with `where` filled in. */
  compile(source: string, mode: CompileMode, where: TemplateErrorDetails = {}): CompiledTemplate {
    const hash = contentHash(mode, source);
    const cached = this.cache.get(hash);
    if (cached) {
      this.hits += 1;
      this.cache.delete(hash);
      this.cache.set(hash, cached);
      return cached;
    }
    this.misses += 1;
    const options = compileOptions(mode);
    try {
      // Precompiling surfaces syntax errors and unknown helpers now, not at the first send.
      this.env.precompile(source, options);
    } catch (error) {
      throw toTemplateError(error, where, [{ source }]);
    }
    const compiled: CompiledTemplate = { hash, mode, source, delegate: this.env.compile(source, options) };
    this.cache.set(hash, compiled);
    if (this.cache.size > this.maxEntries) {
      const oldest = this.cache.keys().next().value;
      if (oldest !== undefined) this.cache.delete(oldest);
    }
    return compiled;
  }

  /** Runs a compiled template; only helpers and partials travel per call. */
  run(compiled: CompiledTemplate, root: object, runtime: RenderRuntime): string {
    return compiled.delegate(root, { helpers: runtime.helpers, partials: runtime.partials });
  }

  stats(): CompileCacheStats {
    return { hits: this.hits, misses: this.misses, size: this.cache.size };
  }

  clear(): void {
    this.cache.clear();
  }
}
