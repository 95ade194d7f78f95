import type { TemplateCatalog } from './template.types';

/** Where templates come from: the `flows/templates` folder, the database, a test fixture. */
export interface TemplateSource {
  /** Loads every template, layout, partial and string table. Tolerant: bad files become issues. */
  load(): Promise<TemplateCatalog>;
}
