import { AppConfig } from '../config/app-config';
import { ConfigError } from '../config/config.error';
import { linkSigningKey } from './link-signing-key';

describe('link signing key', () => {
  it('is required in production (the configuration itself is refused, naming the variable)', () => {
    expect(() => AppConfig.fromEnvironment({ NODE_ENV: 'production' })).toThrow(ConfigError);
    expect(() => AppConfig.fromEnvironment({ NODE_ENV: 'production' })).toThrow(
      /LINK_SIGNING_SECRET: is required when NODE_ENV=production/,
    );
  });

  it('must be long enough', () => {
    expect(() => AppConfig.fromEnvironment({ LINK_SIGNING_SECRET: 'short' })).toThrow(
      /LINK_SIGNING_SECRET: must be at least 32 characters/,
    );
  });

  it('comes from LINK_SIGNING_SECRET, with a development key (and a warning) elsewhere', () => {
    const secret = 'a-real-secret-of-at-least-32-characters!';
    expect(linkSigningKey(AppConfig.fromEnvironment({ NODE_ENV: 'production', LINK_SIGNING_SECRET: secret }))).toBe(
      secret,
    );
    const warnings: string[] = [];
    const logger = { warn: (message: string) => warnings.push(message) } as unknown as Parameters<
      typeof linkSigningKey
    >[1];
    expect(linkSigningKey(AppConfig.fromEnvironment({}), logger).length).toBeGreaterThanOrEqual(32);
    expect(warnings[0]).toMatch(/development key/);
  });

  it('is redacted when the configuration is printed', () => {
    expect(AppConfig.fromEnvironment({ LINK_SIGNING_SECRET: 'x'.repeat(40) }).redacted().LINK_SIGNING_SECRET).toBe(
      '***',
    );
  });
});
