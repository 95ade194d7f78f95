import pino, { Logger as PinoLogger } from 'pino';

export type Logger = PinoLogger;

const EMAIL = /([A-Za-z0-9._%+-])[A-Za-z0-9._%+-]*@([A-Za-z0-9.-]+\.[A-Za-z]{2,})/g;

/** Masks email addresses in free text: `ana@example.com` -> `a***@example.com`. */
export function redactEmails(text: string): string {
  return text.replace(EMAIL, '$1***@$2');
}

/**
 * Fields whose values never reach the log: credentials, API keys, tokens, cookies, and email
 * addresses (those keep their first letter and domain, see `censor`), at the top level or one or
 * two levels down (`{ customer: { email } }`, `{ req: { headers: { authorization } } }`).
 */
const SECRET_FIELDS = [
  'password',
  'authorization',
  'cookie',
  'apiKey',
  'apiKeys',
  'api_key',
  'secret',
  'token',
  'email',
  'to',
  'recipient',
  '["x-api-key"]',
];
const REDACTED_PATHS = SECRET_FIELDS.flatMap((field) => {
  const join = (prefix: string) => (field.startsWith('[') ? `${prefix}${field}` : `${prefix}.${field}`);
  return [field.startsWith('[') ? `headers${field}` : field, join('*'), join('*.*')];
});

/**
 * JSON logs, one line per meaningful thing. Secrets and email addresses are redacted.
 * `destination` (default stdout) is for tests that read the lines.
 */
export function createLogger(options: { level: string; name: string; destination?: pino.DestinationStream }): Logger {
  return pino(
    {
      name: options.name,
      level: options.level,
      base: { service: options.name },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: {
        paths: REDACTED_PATHS,
        censor: (value) => (typeof value === 'string' && value.includes('@') ? redactEmails(value) : '[redacted]'),
      },
      hooks: {
        logMethod(args, method) {
          const redacted = args.map((arg) => (typeof arg === 'string' ? redactEmails(arg) : arg)) as typeof args;
          method.apply(this, redacted);
        },
      },
    },
    options.destination,
  );
}
