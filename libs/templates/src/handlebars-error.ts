import type { TemplateErrorDetails } from './template.error';
import { TemplateError, TemplateErrorCode, templateError } from './template.error';

/** A source that may have produced an error: the piece being rendered, or one of its partials. */
export interface ErrorSourceCandidate {
  source: string;
  file?: string;
  partial?: string;
}

interface HandlebarsLocation {
  lineNumber?: number;
  column?: number;
  endLineNumber?: number;
  endColumn?: number;
}

/** Turns whatever Handlebars (or a helper) threw into a coded `TemplateError`. */
export function toTemplateError(
  error: unknown,
  where: TemplateErrorDetails,
  candidates: ErrorSourceCandidate[] = [],
): TemplateError {
  if (error instanceof TemplateError) return error.withDetails(where);
  const message = error instanceof Error ? error.message : String(error);
  const loc = error && typeof error === 'object' ? (error as HandlebarsLocation) : {};
  const bare = message.replace(/ - \d+:\d+$/, '');

  const parse = /^Parse error on line (\d+):\n([\s\S]*)$/.exec(message);
  if (parse) {
    const details = { ...where, line: Number(parse[1]) };
    return templateError(TemplateErrorCode.SyntaxError, `Syntax error: ${parse[2].split('\n').pop()}`, details);
  }

  const variable = /^"(.+)" not defined in /.exec(message);
  if (variable) {
    const found = locate(loc, variable[1], candidates);
    const details = { ...where, ...found.details, variable: found.path, ...position(loc) };
    return templateError(TemplateErrorCode.MissingVariable, `Missing variable "${found.path}"`, details);
  }

  const partial = /^The partial (.+) could not be found/.exec(message);
  if (partial) {
    return templateError(
      TemplateErrorCode.MissingPartial,
      `Missing partial "${partial[1]}" (partials/${partial[1]}.hbs)`,
      {
        ...where,
        partial: partial[1],
      },
    );
  }

  const helper = /unknown helper (\S+)$/.exec(bare) ?? /^Missing helper: "(.+)"/.exec(message);
  if (helper) {
    return templateError(TemplateErrorCode.MissingHelper, `Unknown helper "${helper[1]}"`, {
      ...where,
      helper: helper[1],
      ...position(loc),
    });
  }

  if (/doesn't match|Invalid path|not allowed|Unsupported/.test(message)) {
    return templateError(TemplateErrorCode.SyntaxError, `Syntax error: ${bare}`, { ...where, ...position(loc) });
  }
  return templateError(TemplateErrorCode.RenderFailed, `Render failed: ${bare}`, { ...where, ...position(loc) });
}

function position(loc: HandlebarsLocation): Pick<TemplateErrorDetails, 'line' | 'column'> {
  return typeof loc.lineNumber === 'number' ? { line: loc.lineNumber, column: (loc.column ?? 0) + 1 } : {};
}

/**
 * Handlebars names only the last segment (`"total" not defined`). The location points at the
 * whole expression, so read it back from the sources to name the full path (`order.total`).
 */
function locate(
  loc: HandlebarsLocation,
  segment: string,
  candidates: ErrorSourceCandidate[],
): { path: string; details: TemplateErrorDetails } {
  if (typeof loc.lineNumber === 'number' && typeof loc.column === 'number') {
    for (const candidate of candidates) {
      const snippet = slice(candidate.source, loc as Required<HandlebarsLocation>);
      const path = snippet && /^(?:@?[\w-]+|\.\.)(?:[./](?:[\w-]+|\.\.))*$/.exec(snippet.trim());
      if (path && path[0].split(/[./]/).includes(segment)) {
        const details: TemplateErrorDetails = {};
        if (candidate.file) details.file = candidate.file;
        if (candidate.partial) details.partial = candidate.partial;
        return { path: path[0], details };
      }
    }
  }
  return { path: segment, details: {} };
}

function slice(source: string, loc: Required<HandlebarsLocation>): string | undefined {
  const lines = source.split('\n');
  if (loc.lineNumber !== loc.endLineNumber) return undefined;
  return lines[loc.lineNumber - 1]?.slice(loc.column, loc.endColumn);
}
