import { isProcessAlive } from '@postventa/dev-services';
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { CLI_ENTRY } from './cli-entry';

/** `postventa start` (what `npm start` runs) in a child process, from the CLI's build, with its output kept. */
export class StartProcess {
  private text = '';
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  private constructor(readonly child: ChildProcess) {
    child.stdout?.on('data', (chunk: Buffer) => (this.text += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (this.text += chunk.toString()));
    this.exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  }

  static spawn(env: Record<string, string | undefined>, args: string[] = []): StartProcess {
    return new StartProcess(
      spawn(process.execPath, [CLI_ENTRY, 'start', ...args], {
        env: { ...process.env, ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      }),
    );
  }

  get pid(): number {
    return this.child.pid!;
  }

  output(): string {
    return this.text;
  }

  /** Waits until the output matches, or throws with the output after `timeoutMs`. */
  async waitFor(pattern: string | RegExp, timeoutMs = 90_000): Promise<void> {
    const matches = () => (typeof pattern === 'string' ? this.text.includes(pattern) : pattern.test(this.text));
    const deadline = Date.now() + timeoutMs;
    while (!matches()) {
      if (this.child.exitCode !== null || this.child.signalCode !== null)
        throw new Error(`start exited while waiting for ${pattern}:\n${this.text}`);
      if (Date.now() > deadline) throw new Error(`no ${pattern} within ${timeoutMs} ms:\n${this.text}`);
      await sleep(200);
    }
  }

  /** The JSON log lines with the given `msg`. */
  logRecords(msg: string): Array<Record<string, unknown>> {
    return this.text
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => {
        try {
          return JSON.parse(line) as Record<string, unknown>;
        } catch {
          return {};
        }
      })
      .filter((record) => record.msg === msg);
  }

  /** The app processes it runs, by name (`<the CLI's entry> run <name>`). */
  appPids(): Record<string, number> {
    const pids: Record<string, number> = {};
    for (const { pid, args } of childrenOf(this.pid)) {
      const match = args.match(/(?:postventa|main)\.js run (\S+)/);
      if (match) pids[match[1]] = pid;
    }
    return pids;
  }

  /** Sends SIGINT (Ctrl-C) and waits for the exit. */
  async interrupt(timeoutMs = 60_000): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGINT');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), timeoutMs);
    const exit = await this.exited;
    clearTimeout(timer);
    return exit;
  }
}

/** Direct children of a process, with their command lines. */
export function childrenOf(pid: number): Array<{ pid: number; args: string }> {
  let out = '';
  try {
    out = execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(pid)], { encoding: 'utf8' });
  } catch {
    return []; // ps exits 1 when there is none
  }
  return out
    .split('\n')
    .map((line) => line.trim().match(/^(\d+)\s+(.*)$/))
    .filter((m): m is RegExpMatchArray => m !== null)
    .map((m) => ({ pid: Number(m[1]), args: m[2] }));
}

/** Whether the process exists (see isProcessAlive). */
export const alive = isProcessAlive;

/**
 * Status of GET url, or 0 when nothing answers within `timeoutMs` (generous: a process that is up
 * answers at once, but a machine busy starting several others may keep it waiting a few seconds).
 */
export async function httpStatus(url: string, timeoutMs = 10_000): Promise<number> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    await response.arrayBuffer();
    return response.status;
  } catch {
    return 0;
  }
}

/** Polls `probe` until it returns true, or throws `what` after `timeoutMs`. */
export async function waitUntil(
  what: string,
  probe: () => boolean | Promise<boolean>,
  timeoutMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(200);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
