import type { Logger } from '../logging/logger';
import { IntervalPoller } from './interval-poller';

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits for a condition without betting on how fast this machine is (the poller's interval is far longer). */
async function until(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition() && Date.now() < deadline) await tick(5);
}

function recordingLogger(): Logger & { failures: number[] } {
  const failures: number[] = [];
  const logger = { failures, warn: (fields: { failures: number }) => failures.push(fields.failures) };
  return logger as unknown as Logger & { failures: number[] };
}

describe('IntervalPoller', () => {
  it('runs every interval, runs again at once while there is more, and wakes when poked', async () => {
    const rounds: number[] = [];
    let more = 3;
    const poller = new IntervalPoller(
      'test',
      10_000,
      async () => {
        rounds.push(Date.now());
        return more-- > 0;
      },
      recordingLogger(),
    );
    poller.start();
    await until(() => rounds.length >= 4);
    expect(rounds).toHaveLength(4);
    poller.poke();
    await until(() => rounds.length >= 5);
    expect(rounds).toHaveLength(5);
    await poller.stop();
  });

  it('runs again when the round says its next work is due, never later than the interval', async () => {
    let rounds = 0;
    const poller = new IntervalPoller(
      'test',
      10_000,
      async () => {
        rounds += 1;
        // The first round knows its next work is due in 20 ms (the interval is 10 s); then a far one.
        return rounds === 1 ? { nextInMs: 20 } : { nextInMs: 60_000 };
      },
      recordingLogger(),
    );
    poller.start();
    await until(() => rounds >= 2);
    expect(rounds).toBe(2);
    await tick(50);
    // A next due time beyond the interval waits the interval (10 s), so no third round yet.
    expect(rounds).toBe(2);
    await poller.stop();
  });

  it('runs again right after the round in hand when poked during it', async () => {
    let rounds = 0;
    let release!: () => void;
    const poller = new IntervalPoller(
      'test',
      10_000,
      async () => {
        rounds += 1;
        if (rounds === 1) await new Promise<void>((resolve) => (release = resolve));
      },
      recordingLogger(),
    );
    poller.start();
    await until(() => rounds === 1);
    poller.poke();
    release();
    await until(() => rounds >= 2);
    expect(rounds).toBe(2);
    await poller.stop();
  });

  it('backs off after a failure and logs it, then recovers', async () => {
    const logger = recordingLogger();
    let calls = 0;
    const poller = new IntervalPoller(
      'test',
      20,
      async () => {
        calls += 1;
        if (calls <= 2) throw new Error('down');
        return false;
      },
      logger,
      { maxBackoffMs: 100 },
    );
    poller.start();
    const started = poller.lastSuccessAt;
    await until(() => calls >= 3);
    await poller.stop();
    expect(logger.failures).toEqual([1, 2]);
    expect(poller.lastSuccessAt).toBeGreaterThanOrEqual(started);
  });

  it('stop waits for the round in hand and ends the poller', async () => {
    let finished = false;
    let calls = 0;
    const poller = new IntervalPoller(
      'test',
      5,
      async () => {
        calls += 1;
        await tick(30);
        finished = true;
      },
      recordingLogger(),
    );
    poller.start();
    await until(() => calls === 1);
    await poller.stop();
    expect(finished).toBe(true);
    await tick(30);
    expect(calls).toBe(1);
  });
});
