import { startLocalServices } from '@postventa/dev-services';
import { freePort } from '@postventa/dev-services';

describe('services the user points at', () => {
  it('are used as given, and an unreachable one stops start-up naming its variable', async () => {
    const closed = await freePort();
    const attempt = startLocalServices({
      env: { KAFKA_BROKERS: process.env.KAFKA_BROKERS, DATABASE_URL: `postgres://u:p@127.0.0.1:${closed}/x`, SMTP_URL: process.env.SMTP_URL },
      dataDir: '/nonexistent-not-used',
      ephemeral: false,
      kafkaVersion: '4.3.1',
      kafkaHeap: '256m',
    });
    await expect(attempt).rejects.toThrow(/DATABASE_URL points at 127\.0\.0\.1:\d+, which does not accept connections/);
  });

  it('starts nothing when all three are given', async () => {
    const services = await startLocalServices({
      env: { KAFKA_BROKERS: process.env.KAFKA_BROKERS, DATABASE_URL: process.env.DATABASE_URL, SMTP_URL: process.env.SMTP_URL },
      dataDir: '/nonexistent-not-used',
      ephemeral: false,
      kafkaVersion: '4.3.1',
      kafkaHeap: '256m',
    });
    expect(services.started).toEqual([]);
    expect(services.env).toMatchObject({ KAFKA_BROKERS: process.env.KAFKA_BROKERS, DATABASE_URL: process.env.DATABASE_URL });
    await services.stop();
  });
});
