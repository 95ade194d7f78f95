import { z } from 'zod';
import { ConfigError } from './config.error';
import { configSchema, ConfigKey, ConfigValues } from './config.schema';

export type Environment = Record<string, string | undefined>;

/**
 * The validated configuration of one process. Built once at start-up from the environment;
 * a bad value stops the process with a message naming the variable.
 */
export class AppConfig {
  private constructor(readonly values: Readonly<ConfigValues>) {}

  static fromEnvironment(env: Environment): AppConfig {
    const relevant: Environment = {};
    for (const key of Object.keys(configSchema.shape)) {
      const value = env[key];
      // An empty variable means "not set", as in most shells and compose files.
      if (value !== undefined && value !== '') relevant[key] = value;
    }
    const parsed = configSchema.safeParse(relevant);
    if (!parsed.success) {
      throw new ConfigError(
        parsed.error.issues.map((issue) => ({
          variable: String(issue.path[0] ?? '(environment)'),
          message: issue.message,
        })),
      );
    }
    return new AppConfig(Object.freeze(parsed.data));
  }

  get<K extends ConfigKey>(key: K): ConfigValues[K] {
    return this.values[key];
  }

  /** Like get(), for a value the local services must have filled in before apps start. */
  require<K extends ConfigKey>(key: K): NonNullable<ConfigValues[K]> {
    const value = this.values[key];
    if (value === undefined || value === null) {
      throw new ConfigError([{ variable: key, message: 'is required here but not set' }]);
    }
    return value as NonNullable<ConfigValues[K]>;
  }

  get publicBaseUrl(): string {
    return (this.values.PUBLIC_BASE_URL ?? `http://${this.values.HTTP_HOST}:${this.values.GATEWAY_PORT}`).replace(
      /\/$/,
      '',
    );
  }

  /** The configuration with secrets redacted, for logs and `postventa config`. */
  redacted(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [key, field] of Object.entries(configSchema.shape)) {
      const value = this.values[key as ConfigKey];
      if (!isSecret(field) || value === undefined) out[key] = value;
      else if (Array.isArray(value)) out[key] = value.map(() => '***');
      else out[key] = String(value).includes('://') ? redactUrl(String(value)) : '***';
    }
    return out;
  }
}

function isSecret(field: z.ZodType): boolean {
  return Boolean(field.meta()?.secret);
}

function redactUrl(value: string): string {
  try {
    const url = new URL(value);
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    return '***';
  }
}

/** Rows of the configuration reference: variable, default, meaning. */
export function describeConfiguration(): Array<{ variable: string; default: string; meaning: string }> {
  return Object.entries(configSchema.shape).map(([variable, field]) => {
    const parsed = (field as z.ZodType).safeParse(undefined);
    const fallback =
      parsed.success && parsed.data !== undefined && !(Array.isArray(parsed.data) && parsed.data.length === 0)
        ? String(parsed.data)
        : '';
    return { variable, default: fallback, meaning: (field as z.ZodType).description ?? '' };
  });
}
