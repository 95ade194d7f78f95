import { PollingLoop } from './polling-loop';

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits for a condition without betting on how fast this machine is (the loop's interval is far longer). */
async function until(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition() && Date.now() < deadline) await tick(5);
}

describe('PollingLoop', () => {
  it('runs every interval, runs again at once while there is more, and wakes when poked', async () => {
    const rounds: number[] = [];
    let more = 3;
    const loop = new PollingLoop(10_000, async () => {
      rounds.push(Date.now());
      return more-- > 0;
    }, () => undefined);
    loop.start();
    await until(() => rounds.length >= 4);
    expect(rounds).toHaveLength(4);
    loop.poke();
    await until(() => rounds.length >= 5);
    expect(rounds).toHaveLength(5);
    await loop.stop();
  });

  it('backs off after a failure and reports it, then recovers', async () => {
    const errors: number[] = [];
    let calls = 0;
    const loop = new PollingLoop(20, async () => {
      calls += 1;
      if (calls <= 2) throw new Error('down');
      return false;
    }, (_error, failures) => errors.push(failures));
    loop.start();
    await until(() => calls >= 3);
    await loop.stop();
    expect(errors).toEqual([1, 2]);
    expect(calls).toBeGreaterThanOrEqual(3);
    expect(loop.lastSuccessAt).toBeGreaterThan(0);
  });

  it('stop waits for the round in hand and ends the loop', async () => {
    let finished = false;
    const loop = new PollingLoop(5, async () => {
      await tick(30);
      finished = true;
      return false;
    }, () => undefined);
    loop.start();
    await tick(5);
    await loop.stop();
    expect(finished).toBe(true);
  });
});
