import { createServer, Socket } from 'node:net';

/** Asks the OS for a free TCP port on the loopback interface. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/** Resolves when something accepts TCP connections on host:port, or rejects after `timeoutMs`. */
export async function waitForPort(
  host: string,
  port: number,
  timeoutMs: number,
  isAlive?: () => boolean,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (isAlive && !isAlive()) throw new Error(`process exited before ${host}:${port} accepted connections`);
    if (await canConnect(host, port)) return;
    if (Date.now() > deadline) throw new Error(`${host}:${port} did not accept connections within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

export function canConnect(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000);
    socket.once('connect', () => done(true));
    socket.once('timeout', () => done(false));
    socket.once('error', () => done(false));
    socket.connect(port, host);
  });
}

/** Whether nothing listens on 127.0.0.1:port (we can bind it ourselves). */
export function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

export interface ProbeOptions {
  /** How long to keep trying before giving up. 0: one attempt. */
  timeoutMs: number;
  /** Wait after failed attempt `attempt` (1-based). */
  retryDelayMs(attempt: number): number;
  /** Called once, after the first failed attempt. */
  onWaiting?(): void;
}

/**
 * Resolves true as soon as one of `endpoints` (host:port) accepts a TCP connection, trying again
 * with the given backoff until `timeoutMs` has passed; false when none did. An attempt cut short
 * because the event loop was busy elsewhere is simply retried, and the last attempt always runs
 * after the deadline is known to have passed.
 */
export async function probeEndpoints(endpoints: string[], options: ProbeOptions): Promise<boolean> {
  const deadline = Date.now() + options.timeoutMs;
  for (let attempt = 1; ; attempt++) {
    for (const endpoint of endpoints) {
      const index = endpoint.lastIndexOf(':');
      if (await canConnect(endpoint.slice(0, index), Number(endpoint.slice(index + 1)))) return true;
    }
    const left = deadline - Date.now();
    if (left <= 0) return false;
    if (attempt === 1) options.onWaiting?.();
    await new Promise((r) => setTimeout(r, Math.min(left, options.retryDelayMs(attempt))));
  }
}
