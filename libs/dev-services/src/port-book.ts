import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, isPortFree } from './free-port';

const FILE = 'ports.json';

/**
 * The ports of the local services of one data folder, chosen once and kept in `<data>/ports.json`,
 * so that the addresses `npm start` prints (to kcat, scripts, other terminals) still work after a
 * restart. A stored port is reused while it is free; when another program holds it, a new one is
 * chosen, stored, and reported through `log`.
 */
export class PortBook {
  constructor(
    private readonly dataDir: string,
    private readonly log?: (line: string) => void,
  ) {}

  get path(): string {
    return join(this.dataDir, FILE);
  }

  /** The port stored for `name` when it is free, otherwise a new free port (then stored). */
  async port(name: string): Promise<number> {
    const previous = this.read()[name];
    if (previous && (await isPortFree(previous))) return previous;
    let port = await stablePort();
    while (Object.entries(this.read()).some(([other, taken]) => other !== name && taken === port))
      port = await stablePort();
    // Read again right before writing: the services choose their ports in parallel.
    const ports = this.read();
    ports[name] = port;
    mkdirSync(this.dataDir, { recursive: true });
    writeFileSync(this.path, `${JSON.stringify(ports, null, 2)}\n`);
    if (previous)
      this.log?.(
        `${name}: port ${previous} is taken by another program; using ${port} from now on (the address printed before no longer works)`,
      );
    return port;
  }

  read(): Record<string, number> {
    if (!existsSync(this.path)) return {};
    try {
      const parsed = JSON.parse(readFileSync(this.path, 'utf8')) as Record<string, unknown>;
      return Object.fromEntries(
        Object.entries(parsed).filter(
          (e): e is [string, number] => Number.isInteger(e[1]) && (e[1] as number) > 0 && (e[1] as number) < 65536,
        ),
      );
    } catch {
      return {};
    }
  }
}

/**
 * A free port below the kernel's ephemeral range, where outgoing connections never take it, so a
 * port kept for a service stays free between runs; the OS's choice when none is found.
 */
async function stablePort(): Promise<number> {
  const low = ephemeralRangeStart();
  const floor = 10_000;
  if (low - floor >= 1000) {
    for (let i = 0; i < 50; i++) {
      const candidate = floor + Math.floor(Math.random() * (low - floor));
      if (await isPortFree(candidate)) return candidate;
    }
  }
  return freePort();
}

function ephemeralRangeStart(): number {
  try {
    const low = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]);
    return Number.isInteger(low) && low > 0 ? low : 32768;
  } catch {
    return 32768;
  }
}
