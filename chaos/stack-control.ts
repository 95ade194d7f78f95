/**
 * The stack the chaos suite starts for itself and breaks on purpose: a Kafka broker it can freeze
 * (SIGSTOP), kill and restart on the same port; a PostgreSQL server it can stop and start on the
 * same port; and the apps as supervised child processes (each its own `main.ts`) it can SIGKILL.
 */
import { ChildProcess, fork, spawn } from 'node:child_process';
import { createWriteStream, readFileSync, WriteStream, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  freePort,
  isProcessAlive,
  KafkaBroker,
  PostgresServer,
  ProcessSupervisor,
  waitForPort,
  waitForProcessExit,
} from '@postventa/dev-services';
import { backoffDelayMs, sleep } from '@postventa/platform';

const ROOT = join(__dirname, '..');

/** The restart backoff of `npm start`'s supervisor, without its crash-loop stop: chaos keeps restarting. */
const RESTART_BACKOFF = { initialMs: 500, maxMs: 5_000 };

/**
 * The broker. The first start goes through `KafkaBroker` (jars, storage format, properties); a
 * restart after a SIGKILL runs the same command on the same `server.properties`, so the broker
 * comes back on the port the apps know.
 */
export class ChaosBroker {
  private readonly broker: KafkaBroker;
  private restarted?: ChildProcess;
  private frozen = false;

  constructor(
    private readonly dataDir: string,
    private readonly version: string,
    private readonly heap: string,
  ) {
    this.broker = new KafkaBroker({ version, heap, dataDir, cacheDir: join(ROOT, '.cache', 'kafka') });
  }

  async start(): Promise<string> {
    return this.broker.start();
  }

  get bootstrap(): string {
    return this.broker.bootstrap;
  }

  private get pid(): number {
    return Number(readFileSync(join(this.dataDir, 'broker.pid'), 'utf8'));
  }

  freeze(): void {
    process.kill(this.pid, 'SIGSTOP');
    this.frozen = true;
  }

  thaw(): void {
    if (!this.frozen) return;
    process.kill(this.pid, 'SIGCONT');
    this.frozen = false;
  }

  async kill(): Promise<void> {
    const pid = this.pid;
    process.kill(pid, 'SIGKILL');
    await waitForProcessExit(pid, 10_000);
  }

  async restart(): Promise<void> {
    const libs = join(ROOT, '.cache', 'kafka', this.version, 'libs');
    const out: WriteStream = createWriteStream(join(this.dataDir, 'broker.log'), { flags: 'a' });
    const child = spawn(
      'java',
      [
        `-Xmx${this.heap}`,
        '-Xms128m',
        '-XX:+UseG1GC',
        '-XX:TieredStopAtLevel=1',
        '-Djava.awt.headless=true',
        '-cp',
        `${libs}/*`,
        'kafka.Kafka',
        join(this.dataDir, 'server.properties'),
      ],
      { stdio: ['ignore', 'pipe', 'pipe'], detached: true },
    );
    child.stdout?.pipe(out);
    child.stderr?.pipe(out);
    writeFileSync(join(this.dataDir, 'broker.pid'), String(child.pid));
    this.restarted = child;
    let exited = false;
    child.once('exit', () => (exited = true));
    const port = Number(this.bootstrap.split(':')[1]);
    await waitForPort('127.0.0.1', port, 90_000, () => !exited);
  }

  async stop(): Promise<void> {
    this.thaw();
    if (this.restarted) {
      const pid = this.restarted.pid!;
      if (isProcessAlive(pid)) {
        process.kill(pid, 'SIGTERM');
        if (!(await waitForProcessExit(pid, 20_000))) process.kill(pid, 'SIGKILL');
      }
    }
    await this.broker.stop();
  }
}

/** PostgreSQL on a port chosen once, so a stop and start keep the address the apps know. */
export class ChaosPostgres {
  private server?: PostgresServer;
  private port = 0;

  constructor(private readonly dataDir: string) {}

  async start(): Promise<string> {
    if (!this.port) this.port = await freePort();
    this.server = new PostgresServer({
      dataDir: this.dataDir,
      ephemeral: false,
      database: 'postventa',
      port: this.port,
    });
    return this.server.start();
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    await server?.stop();
  }
}

export type AppName = 'engine' | 'dispatcher';

/**
 * An app run from its own `apps/<app>/src/main.ts` in a child process, supervised: when it exits on its own it
 * is started again with a backoff (counted as a crash restart); `kill()` SIGKILLs it on purpose
 * and starts it again (counted as a kill).
 */
export class SupervisedApp {
  kills = 0;
  crashRestarts = 0;
  starts = 0;
  readonly exits: Array<{ at: number; code: number | null; signal: string | null; planned: boolean }> = [];
  private child?: ChildProcess;
  private ready = false;
  private stopping = false;
  private planned = false;
  private readonly log: WriteStream;
  private starting?: Promise<void>;
  /** Restarts after an exit nobody asked for, with the project's one backoff. */
  private readonly supervisor = new ProcessSupervisor({
    limit: Number.MAX_SAFE_INTEGER,
    windowMs: 60_000,
    restartDelayMs: (attempt) => backoffDelayMs(RESTART_BACKOFF, attempt),
    onRestart: (event) =>
      this.log.write(
        `\n--- chaos: exited on its own (${event.code ?? event.signal}); restart in ${event.delayMs} ms\n`,
      ),
    onCrashLoop: () => undefined,
  });
  /** When the app last became ready (epoch ms). */
  readyAt = 0;

  constructor(
    readonly name: AppName,
    private readonly env: Record<string, string>,
    logFile: string,
  ) {
    this.log = createWriteStream(logFile, { flags: 'a' });
  }

  get running(): boolean {
    return this.ready;
  }

  /** Starts the app and resolves when it says it is ready (retrying while it fails to start). */
  start(): Promise<void> {
    this.starting ??= this.launch().finally(() => (this.starting = undefined));
    return this.starting;
  }

  private async launch(): Promise<void> {
    for (let attempt = 1; !this.stopping; attempt += 1) {
      this.starts += 1;
      this.log.write(`\n--- chaos: start #${this.starts} at ${new Date().toISOString()}\n`);
      const child = fork(join(ROOT, 'apps', this.name, 'src', 'main.ts'), [], {
        cwd: ROOT,
        execArgv: ['-r', '@swc-node/register'],
        env: { ...process.env, SWC_NODE_PROJECT: join(ROOT, 'tsconfig.json'), ...this.env },
        stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      });
      this.child = child;
      this.planned = false;
      child.stdout?.pipe(this.log, { end: false });
      child.stderr?.pipe(this.log, { end: false });
      const outcome = await new Promise<'ready' | 'exited'>((resolve) => {
        child.on('message', (message: { type?: string }) => {
          if (message?.type === 'ready') resolve('ready');
        });
        child.once('exit', () => resolve('exited'));
      });
      child.once('exit', (code, signal) => this.onExit(child, code, signal));
      if (outcome === 'ready') {
        this.ready = true;
        this.readyAt = Date.now();
        return;
      }
      this.exits.push({ at: Date.now(), code: child.exitCode, signal: child.signalCode, planned: this.planned });
      if (!this.planned) this.crashRestarts += 1;
      await sleep(backoffDelayMs(RESTART_BACKOFF, attempt));
    }
  }

  private onExit(child: ChildProcess, code: number | null, signal: NodeJS.Signals | null): void {
    if (child !== this.child) return;
    this.ready = false;
    this.exits.push({ at: Date.now(), code, signal, planned: this.planned });
    if (this.stopping || this.planned) return;
    // It died on its own: the supervisor starts it again.
    this.crashRestarts += 1;
    this.supervisor.crashed(this.name, { code, signal }, () => this.start());
  }

  /**
   * SIGKILL (no shutdown hooks, no commits), then start again. Resolves when it is ready. A kill
   * waits until the app has run for `minUpMs` since it was last ready, so that on a slow machine
   * the kills do not keep it from ever working.
   */
  async kill(minUpMs = 0): Promise<void> {
    await this.starting;
    const up = Date.now() - this.readyAt;
    if (up < minUpMs) await sleep(minUpMs - up);
    await this.starting;
    const child = this.child;
    if (child && child.exitCode === null && child.signalCode === null) {
      this.planned = true;
      this.kills += 1;
      const exited = new Promise<void>((r) => child.once('exit', () => r()));
      child.kill('SIGKILL');
      await exited;
    }
    await this.start();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.supervisor.stop();
    const child = this.child;
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<void>((r) => child.once('exit', () => r()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    }
    this.log.end();
  }
}
