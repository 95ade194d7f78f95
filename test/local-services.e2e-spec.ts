import { createServer } from 'node:net';
import { freePort, startLocalServices } from '@postventa/dev-services';
import { backoffDelayMs } from '@postventa/platform';

describe('services the user points at', () => {
  it('are used as given, and an unreachable one stops start-up naming its variable', async () => {
    const closed = await freePort();
    const attempt = startLocalServices({
      env: {
        KAFKA_BROKERS: process.env.KAFKA_BROKERS,
        DATABASE_URL: `postgres://u:p@127.0.0.1:${closed}/x`,
        SMTP_URL: process.env.SMTP_URL,
      },
      dataDir: '/nonexistent-not-used',
      ephemeral: false,
      kafkaVersion: '4.3.1',
      kafkaHeap: '256m',
    });
    await expect(attempt).rejects.toThrow(/DATABASE_URL points at 127\.0\.0\.1:\d+, which does not accept connections/);
  });

  it('waits, with retries, for a service that starts listening a moment later', async () => {
    const port = await freePort();
    const late = createServer((socket) => socket.end());
    const opening = setTimeout(() => late.listen(port, '127.0.0.1'), 1500);
    const log: string[] = [];
    try {
      const services = await startLocalServices({
        env: {
          KAFKA_BROKERS: process.env.KAFKA_BROKERS,
          DATABASE_URL: process.env.DATABASE_URL,
          SMTP_URL: `smtp://127.0.0.1:${port}`,
        },
        dataDir: '/nonexistent-not-used',
        ephemeral: false,
        kafkaVersion: '4.3.1',
        kafkaHeap: '256m',
        probe: {
          timeoutMs: 15_000,
          retryDelayMs: (attempt) => backoffDelayMs({ initialMs: 100, maxMs: 1000 }, attempt),
        },
        log: (line) => log.push(line),
      });
      expect(services.env.SMTP_URL).toBe(`smtp://127.0.0.1:${port}`);
      expect(log.join('\n')).toMatch(
        /SMTP_URL: 127\.0\.0\.1:\d+ does not accept connections yet; trying again for up to 15000 ms/,
      );
      await services.stop();
    } finally {
      clearTimeout(opening);
      await new Promise((r) => late.close(r));
    }
  });

  it('gives up on an unreachable service once the probe time limit has passed, naming it', async () => {
    const closed = await freePort();
    const attempt = startLocalServices({
      env: {
        KAFKA_BROKERS: process.env.KAFKA_BROKERS,
        DATABASE_URL: process.env.DATABASE_URL,
        SMTP_URL: `smtp://127.0.0.1:${closed}`,
      },
      dataDir: '/nonexistent-not-used',
      ephemeral: false,
      kafkaVersion: '4.3.1',
      kafkaHeap: '256m',
      probe: { timeoutMs: 1000, retryDelayMs: (n) => backoffDelayMs({ initialMs: 100, maxMs: 400 }, n) },
    });
    await expect(attempt).rejects.toThrow(
      /SMTP_URL points at 127\.0\.0\.1:\d+, which does not accept connections \(tried for 1000 ms\)/,
    );
  });

  it('starts nothing when all three are given', async () => {
    const services = await startLocalServices({
      env: {
        KAFKA_BROKERS: process.env.KAFKA_BROKERS,
        DATABASE_URL: process.env.DATABASE_URL,
        SMTP_URL: process.env.SMTP_URL,
      },
      dataDir: '/nonexistent-not-used',
      ephemeral: false,
      kafkaVersion: '4.3.1',
      kafkaHeap: '256m',
    });
    expect(services.started).toEqual([]);
    expect(services.env).toMatchObject({
      KAFKA_BROKERS: process.env.KAFKA_BROKERS,
      DATABASE_URL: process.env.DATABASE_URL,
    });
    await services.stop();
  });
});
