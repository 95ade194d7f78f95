import pino, { Logger as PinoLogger } from 'pino';

export type Logger = PinoLogger;

const EMAIL = /([A-Za-z0-9._%+-])[A-Za-z0-9._%+-]*@([A-Za-z0-9.-]+\.[A-Za-z]{2,})/g;

/** Masks email addresses in free text: `ana@example.com` -> `a***@example.com`. */
export function redactEmails(text: string): string {
  return text.replace(EMAIL, '$1***@$2');
}

/**
 * JSON logs, one line per meaningful thing. Secrets and email addresses are redacted.
 */
export function createLogger(options: { level: string; name: string }): Logger {
  return pino({
    name: options.name,
    level: options.level,
    base: { service: options.name },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    redact: {
      paths: ['password', '*.password', 'authorization', '*.authorization', 'headers.authorization', 'email', '*.email', 'to', '*.to', 'apiKey', '*.apiKey', 'secret', '*.secret'],
      censor: (value) => (typeof value === 'string' && value.includes('@') ? redactEmails(value) : '[redacted]'),
    },
    hooks: {
      logMethod(args, method) {
        const redacted = args.map((arg) => (typeof arg === 'string' ? redactEmails(arg) : arg)) as typeof args;
        method.apply(this, redacted);
      },
    },
  });
}
