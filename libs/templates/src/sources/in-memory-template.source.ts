import type { TemplateSource } from '../template-source';
import type { TemplateCatalog } from '../template.types';

/** A fixed catalog; for tests, previews of unsaved drafts, and as the base of other sources. */
export class InMemoryTemplateSource implements TemplateSource {
  private readonly catalog: TemplateCatalog;

  constructor(catalog: Partial<TemplateCatalog>) {
    this.catalog = {
      templates: catalog.templates ?? [],
      layouts: catalog.layouts ?? [],
      partials: catalog.partials ?? [],
      strings: catalog.strings ?? [],
      issues: catalog.issues ?? [],
    };
  }

  async load(): Promise<TemplateCatalog> {
    return this.catalog;
  }
}
