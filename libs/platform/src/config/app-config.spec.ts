import { AppConfig, describeConfiguration } from './app-config';
import { ConfigError } from './config.error';

describe('AppConfig', () => {
  it('applies documented defaults', () => {
    const config = AppConfig.fromEnvironment({});
    expect(config.get('GATEWAY_PORT')).toBe(3000);
    expect(config.get('KAFKA_BROKERS')).toBeUndefined();
    expect(config.publicBaseUrl).toBe('http://127.0.0.1:3000');
  });

  it('parses broker lists and treats empty variables as unset', () => {
    const config = AppConfig.fromEnvironment({ KAFKA_BROKERS: 'a:9092, b:9093', DATABASE_URL: '' });
    expect(config.get('KAFKA_BROKERS')).toEqual(['a:9092', 'b:9093']);
    expect(config.get('DATABASE_URL')).toBeUndefined();
  });

  it.each([
    ['GATEWAY_PORT', 'eighty'],
    ['KAFKA_BROKERS', 'localhost'],
    ['DATABASE_URL', 'mysql://x@y/z'],
    ['SMTP_URL', 'not a url'],
    ['LOG_LEVEL', 'loud'],
  ])('names %s when its value %p is invalid', (variable, value) => {
    expect(() => AppConfig.fromEnvironment({ [variable]: value })).toThrow(ConfigError);
    try {
      AppConfig.fromEnvironment({ [variable]: value });
    } catch (error) {
      expect((error as ConfigError).problems.map((p) => p.variable)).toEqual([variable]);
      expect((error as Error).message).toContain(variable);
    }
  });

  it('redacts secrets', () => {
    const config = AppConfig.fromEnvironment({ DATABASE_URL: 'postgres://u:hunter2@db:5432/pv' });
    expect(JSON.stringify(config.redacted())).not.toContain('hunter2');
  });

  it('documents every variable', () => {
    const rows = describeConfiguration();
    expect(rows.find((row) => row.variable === 'GATEWAY_PORT')).toMatchObject({ default: '3000' });
    for (const row of rows) expect(row.meaning.length).toBeGreaterThan(5);
  });
});
