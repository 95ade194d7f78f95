import { spawn } from 'node:child_process';
import { isProcessAlive, waitForProcessExit } from './process-control';

describe('process liveness', () => {
  it('sees this process alive and a finished child gone', async () => {
    expect(isProcessAlive(process.pid)).toBe(true);
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 200)']);
    const pid = child.pid!;
    expect(isProcessAlive(pid)).toBe(true);
    expect(await waitForProcessExit(pid, 10_000, 20)).toBe(true);
    expect(isProcessAlive(pid)).toBe(false);
  });

  it('gives up waiting at the deadline while the process lives', async () => {
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 5000)']);
    try {
      expect(await waitForProcessExit(child.pid!, 100, 20)).toBe(false);
    } finally {
      child.kill('SIGKILL');
    }
  });
});
