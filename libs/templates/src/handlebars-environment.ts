import Handlebars from 'handlebars';
import { TEMPLATE_HELPER_NAMES } from './helpers/template-helpers';

export type HandlebarsEnvironment = typeof Handlebars;

/** `html` escapes `{{ }}` output; `text` (subject, preheader, text part) does not. */
export type CompileMode = 'html' | 'text';

// `log` writes to the server console from a template; nothing an email needs. Marking it unknown
// makes `{{log x}}` a compile error (MISSING_HELPER) under `knownHelpersOnly`.
const KNOWN_HELPERS: Record<string, boolean> = {
  ...Object.fromEntries(TEMPLATE_HELPER_NAMES.map((n) => [n, true])),
  log: false,
};

/**
 * Compile options for every template: strict lookups (a missing variable throws instead of
 * rendering blank), only our helpers (an unknown helper fails at compile time), escaping on for
 * HTML. Prototype-access protections are Handlebars' defaults and are never relaxed here.
 */
export function compileOptions(mode: CompileMode): CompileOptions {
  return {
    strict: true,
    knownHelpersOnly: true,
    knownHelpers: KNOWN_HELPERS,
    noEscape: mode === 'text',
    compat: false,
    data: true,
  };
}

/**
 * A private Handlebars environment: nothing registered on the global instance leaks in, and
 * nothing we do leaks out. Helpers and partials are passed per render, not registered.
 */
export function createHandlebarsEnvironment(): HandlebarsEnvironment {
  const env = Handlebars.create();
  env.unregisterHelper('log');
  return env;
}
