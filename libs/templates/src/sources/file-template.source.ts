import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { TemplateSource } from '../template-source';
import type {
  LayoutDefinition,
  LocaleStrings,
  PartialDefinition,
  TemplateCatalog,
  TemplateDefinition,
  TemplateSourceIssue,
  TemplateVariant,
} from '../template.types';
import { flattenStrings } from './flatten-strings';
import { parseFrontMatter } from './front-matter';

const NAME = /^[a-z0-9][a-z0-9_-]*$/i;
const LOCALE_FILE = /^([a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*)\.hbs$/;
const TEXT_FILE = /^([a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*)\.txt\.hbs$/;
const RESERVED = new Set(['layouts', 'partials', 'locales']);

/**
 * Reads a templates folder:
 *
 * ```
 * layouts/<name>.hbs   partials/<name>.hbs   locales/<locale>.yaml
 * <template-id>/<locale>.hbs   <template-id>/<locale>.txt.hbs   <template-id>/sample.json
 * ```
 *
 * Origins are relative to the folder. Unreadable or malformed files become issues, never throws
 * for content (only when the folder itself cannot be read).
 */
export class FileTemplateSource implements TemplateSource {
  constructor(private readonly root: string) {}

  async load(): Promise<TemplateCatalog> {
    const issues: TemplateSourceIssue[] = [];
    const entries = await readdir(this.root, { withFileTypes: true });
    const templateDirs = entries
      .filter((e) => e.isDirectory() && !RESERVED.has(e.name) && !e.name.startsWith('.'))
      .map((e) => e.name)
      .sort();
    const [layouts, partials, strings, templates] = await Promise.all([
      this.loadNamed('layouts', issues),
      this.loadNamed('partials', issues),
      this.loadStrings(issues),
      Promise.all(templateDirs.map((dir) => this.loadTemplate(dir, issues))),
    ]);
    return {
      layouts,
      partials,
      strings,
      templates: templates.filter((t): t is TemplateDefinition => t !== undefined),
      issues,
    };
  }

  private async loadNamed(
    dir: string,
    issues: TemplateSourceIssue[],
  ): Promise<Array<LayoutDefinition & PartialDefinition>> {
    const files = await this.list(dir);
    const out: Array<LayoutDefinition & PartialDefinition> = [];
    for (const file of files) {
      const origin = `${dir}/${file}`;
      if (!file.endsWith('.hbs')) continue;
      const name = file.slice(0, -'.hbs'.length);
      if (!NAME.test(name)) {
        issues.push({ origin, message: `"${name}" is not a valid name (letters, digits, "-" and "_")` });
        continue;
      }
      out.push({ name, source: await this.read(origin), origin });
    }
    return out;
  }

  private async loadStrings(issues: TemplateSourceIssue[]): Promise<LocaleStrings[]> {
    const out: LocaleStrings[] = [];
    for (const file of await this.list('locales')) {
      const match = /^(.+)\.ya?ml$/.exec(file);
      if (!match) continue;
      const origin = `locales/${file}`;
      try {
        const { entries, errors } = flattenStrings(parseYaml(await this.read(origin)) ?? {});
        errors.forEach((message) => issues.push({ origin, locale: match[1], message }));
        out.push({ locale: match[1], entries, origin });
      } catch (error) {
        issues.push({ origin, locale: match[1], message: `not valid YAML: ${(error as Error).message}` });
      }
    }
    return out;
  }

  private async loadTemplate(id: string, issues: TemplateSourceIssue[]): Promise<TemplateDefinition | undefined> {
    if (!NAME.test(id)) {
      issues.push({ origin: `${id}/`, message: `"${id}" is not a valid template id (letters, digits, "-" and "_")` });
      return undefined;
    }
    const files = await this.list(id);
    const texts = new Map<string, string>();
    for (const file of files) {
      const match = TEXT_FILE.exec(file);
      if (match) texts.set(match[1], file);
    }
    const variants: TemplateVariant[] = [];
    for (const file of files) {
      const origin = `${id}/${file}`;
      if (TEXT_FILE.test(file) || file === 'sample.json') continue;
      const match = LOCALE_FILE.exec(file);
      if (!match) {
        issues.push({
          origin,
          template: id,
          message: 'unexpected file: use <locale>.hbs, <locale>.txt.hbs or sample.json',
        });
        continue;
      }
      const locale = match[1];
      const parsed = parseFrontMatter(await this.read(origin));
      if (!parsed.ok) {
        issues.push({ origin, template: id, locale, message: parsed.message });
        continue;
      }
      const textFile = texts.get(locale);
      texts.delete(locale);
      variants.push({
        locale,
        ...parsed.attributes,
        html: parsed.body,
        origin,
        ...(textFile ? { text: await this.read(`${id}/${textFile}`), textOrigin: `${id}/${textFile}` } : {}),
      });
    }
    for (const [locale, file] of texts) {
      issues.push({
        origin: `${id}/${file}`,
        template: id,
        locale,
        message: `text part without an HTML part (${locale}.hbs)`,
      });
    }
    const definition: TemplateDefinition = { id, variants };
    if (files.includes('sample.json')) {
      definition.sampleOrigin = `${id}/sample.json`;
      try {
        definition.sample = JSON.parse(await this.read(definition.sampleOrigin));
      } catch (error) {
        issues.push({
          origin: definition.sampleOrigin,
          template: id,
          message: `not valid JSON: ${(error as Error).message}`,
        });
      }
    }
    return definition;
  }

  private async list(dir: string): Promise<string[]> {
    try {
      const entries = await readdir(join(this.root, dir), { withFileTypes: true });
      return entries
        .filter((e) => e.isFile())
        .map((e) => e.name)
        .sort();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
  }

  private read(relative: string): Promise<string> {
    return readFile(join(this.root, relative), 'utf8');
  }
}
