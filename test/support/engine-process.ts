import { ChildProcess, fork } from 'node:child_process';
import { createWriteStream, WriteStream } from 'node:fs';
import { builtEntry } from '@postventa/dev-services';

/**
 * `postventa run engine` as a child process, the way a container runs it, so a test can kill it
 * with SIGKILL (no shutdown hooks, no flushing) and start it again. Its output goes to `logFile`.
 */
export class EngineProcess {
  private constructor(
    private readonly child: ChildProcess,
    private readonly log: WriteStream,
    readonly url: string,
  ) {}

  static async start(
    env: Record<string, string | undefined>,
    logFile: string,
    timeoutMs = 60_000,
  ): Promise<EngineProcess> {
    const log = createWriteStream(logFile, { flags: 'a' });
    const child = fork(builtEntry('cli'), ['run', 'engine'], {
      env: { ...process.env, ENGINE_PORT: '0', LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    child.stdout?.pipe(log, { end: false });
    child.stderr?.pipe(log, { end: false });
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`engine did not start within ${timeoutMs} ms (see ${logFile})`)),
        timeoutMs,
      );
      child.on('message', (message: { type?: string; apps?: Array<{ url: string }> }) => {
        if (message?.type !== 'ready') return;
        clearTimeout(timer);
        resolve(message.apps?.[0]?.url ?? '');
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`engine exited with ${code} during start-up (see ${logFile})`));
      });
    });
    return new EngineProcess(child, log, url);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** SIGKILL: the process dies at once, wherever it is. */
  async kill(): Promise<void> {
    await this.signal('SIGKILL');
  }

  /** SIGTERM: the process finishes its work in hand and exits. */
  async stop(): Promise<void> {
    await this.signal('SIGTERM');
  }

  private async signal(signal: NodeJS.Signals): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.kill(signal);
    await exited;
    this.log.end();
  }
}
