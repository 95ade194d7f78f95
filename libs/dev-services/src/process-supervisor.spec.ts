import { ProcessSupervisor, RestartEvent } from './process-supervisor';

describe('ProcessSupervisor', () => {
  let now = 0;
  let restarts: RestartEvent[];
  let loops: Array<{ name: string; crashes: number }>;
  const supervisor = () =>
    new ProcessSupervisor({
      limit: 3,
      windowMs: 60_000,
      restartDelayMs: (attempt) => 100 * attempt,
      onRestart: (event) => restarts.push(event),
      onCrashLoop: (name, _exit, crashes) => loops.push({ name, crashes }),
      now: () => now,
    });

  beforeEach(() => {
    jest.useFakeTimers();
    now = 0;
    restarts = [];
    loops = [];
  });
  afterEach(() => jest.useRealTimers());

  it('restarts after the backoff of the crash attempt, and counts the restarts', async () => {
    const s = supervisor();
    const restart = jest.fn(async () => undefined);
    s.crashed('engine', { code: null, signal: 'SIGKILL' }, restart);
    expect(restarts).toEqual([
      { name: 'engine', code: null, signal: 'SIGKILL', attempt: 1, delayMs: 100, restarts: 1 },
    ]);
    jest.advanceTimersByTime(99);
    expect(restart).not.toHaveBeenCalled();
    jest.advanceTimersByTime(1);
    expect(restart).toHaveBeenCalledTimes(1);
    now = 5000;
    s.crashed('engine', { code: 1, signal: null }, restart);
    expect(restarts[1]).toMatchObject({ attempt: 2, delayMs: 200, restarts: 2, code: 1 });
    expect(s.restarts).toEqual({ engine: 2 });
  });

  it('keeps each process its own count', () => {
    const s = supervisor();
    s.crashed('engine', { code: 1, signal: null }, async () => undefined);
    s.crashed('dispatcher', { code: 1, signal: null }, async () => undefined);
    expect(restarts.map((r) => [r.name, r.attempt])).toEqual([
      ['engine', 1],
      ['dispatcher', 1],
    ]);
  });

  it('gives up on a crash loop: no restart, later crashes ignored', () => {
    const s = supervisor();
    const restart = jest.fn(async () => undefined);
    for (let i = 0; i < 3; i++) s.crashed('kafka', { code: 1, signal: null }, restart);
    expect(loops).toEqual([{ name: 'kafka', crashes: 3 }]);
    expect(s.active).toBe(false);
    jest.runAllTimers();
    expect(restart).not.toHaveBeenCalled();
    s.crashed('engine', { code: 1, signal: null }, restart);
    expect(restarts).toHaveLength(2);
  });

  it('counts a restart that fails to start as one more crash', async () => {
    const s = supervisor();
    const restart = jest.fn().mockRejectedValueOnce(new Error('port in use')).mockResolvedValue(undefined);
    s.crashed('postgres', { code: null, signal: 'SIGKILL' }, restart);
    await jest.advanceTimersByTimeAsync(100);
    expect(restarts[1]).toMatchObject({ name: 'postgres', attempt: 2, error: 'port in use' });
    await jest.advanceTimersByTimeAsync(200);
    expect(restart).toHaveBeenCalledTimes(2);
  });

  it('cancels pending restarts when stopped', () => {
    const s = supervisor();
    const restart = jest.fn(async () => undefined);
    s.crashed('gateway', { code: 1, signal: null }, restart);
    s.stop();
    jest.runAllTimers();
    expect(restart).not.toHaveBeenCalled();
  });
});
