import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { builtEntry } from '@postventa/dev-services';

const ROOT = join(__dirname, '..', '..');

/** An app running in its own Node process (its `main`, from the build the test run made), so a test can SIGKILL it. */
export class ChildApp {
  private constructor(
    readonly process: ChildProcess,
    readonly url: string,
    private readonly output: string[],
  ) {}

  /** Starts the app's compiled `main` with the environment given and waits until it is ready. */
  static async start(
    name: 'gateway' | 'engine' | 'dispatcher',
    env: Record<string, string | undefined>,
    timeoutMs = 60_000,
  ): Promise<ChildApp> {
    const output: string[] = [];
    const child = spawn(process.execPath, [builtEntry(name)], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    child.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`${name} did not start within ${timeoutMs} ms:\n${output.join('')}`)),
        timeoutMs,
      );
      child.on('message', (message: { type?: string; apps?: Array<{ url: string }> }) => {
        if (message.type === 'ready') {
          clearTimeout(timer);
          resolve(message.apps?.[0]?.url ?? '');
        }
      });
      child.on('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`${name} exited during start-up (${code ?? signal}):\n${output.join('')}`));
      });
    });
    return new ChildApp(child, url, output);
  }

  /** Kills the process without letting it finish anything (no shutdown hooks, no commits). */
  async kill(): Promise<void> {
    if (this.process.exitCode !== null || this.process.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => this.process.once('exit', () => resolve()));
    this.process.kill('SIGKILL');
    await exited;
  }

  get logs(): string {
    return this.output.join('');
  }
}
