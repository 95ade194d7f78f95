import { parse as parseYaml } from 'yaml';
import { z } from 'zod';

const frontMatterSchema = z.strictObject({
  subject: z.string().trim().min(1, 'subject is required'),
  preheader: z.string().trim().min(1, 'preheader is required'),
  layout: z
    .string()
    .regex(/^[a-z0-9][a-z0-9_-]*$/i, 'layout must be a layout name or "none"')
    .optional(),
  requires: z.array(z.string().regex(/^[a-z_][\w.]*$/i)).optional(),
});

export type TemplateFrontMatter = z.infer<typeof frontMatterSchema>;

export type FrontMatterResult =
  { ok: true; attributes: TemplateFrontMatter; body: string } | { ok: false; message: string };

const FENCE = /^---[ \t]*\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/;

/** Splits `---\nyaml\n---\nbody` and checks the YAML keys. Pure; no file access. */
export function parseFrontMatter(content: string): FrontMatterResult {
  const text = content.replace(/^\uFEFF/, '');
  const match = FENCE.exec(text);
  if (!match) {
    return { ok: false, message: 'missing YAML front matter (a block between "---" lines with subject and preheader)' };
  }
  let raw: unknown;
  try {
    raw = parseYaml(match[1]);
  } catch (error) {
    return { ok: false, message: `front matter is not valid YAML: ${(error as Error).message}` };
  }
  const parsed = frontMatterSchema.safeParse(raw ?? {});
  if (!parsed.success) {
    const why = parsed.error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message));
    return { ok: false, message: `front matter: ${why.join('; ')}` };
  }
  return { ok: true, attributes: parsed.data, body: text.slice(match[0].length) };
}
