/**
 * The seeded fault schedule of the chaos suite: which fault happens when, decided up front from
 * `--seed` so that a run can be repeated. Pure: no clock, no I/O.
 */

export type FaultKind =
  'engine-kill' | 'dispatcher-kill' | 'postgres-stop' | 'broker-freeze' | 'broker-kill' | 'smtp-4xx' | 'smtp-down';

export interface Fault {
  kind: FaultKind;
  /** Milliseconds after the stream of customers starts. */
  at: number;
  /** How long the fault lasts (0 for a kill: the process is restarted at once). */
  durationMs: number;
}

export interface ChaosProfile {
  name: 'quick' | 'full';
  customers: number;
  /** Customers enter over this time (their events are spread across it). */
  streamMs: number;
  /** Faults happen within this time from the start of the stream. */
  faultWindowMs: number;
  engineKills: number;
  dispatcherKills: number;
  postgresStopMs: number;
  brokerFreezeMs: number;
  /** How long the broker stays dead after its SIGKILL before it is started again. */
  brokerDownMs: number;
  smtpTempFailMs: number;
  smtpDownMs: number;
  /** Malformed and poison messages mixed into the stream. */
  poisonMessages: number;
  /** Share of customers whose address the SMTP server refuses for good (550). */
  bounceShare: number;
  /** After the stream, how long to wait at most for the system to settle. */
  settleDeadlineMs: number;
}

export const PROFILES: Record<ChaosProfile['name'], ChaosProfile> = {
  quick: {
    name: 'quick',
    customers: 200,
    streamMs: 55_000,
    faultWindowMs: 60_000,
    engineKills: 3,
    dispatcherKills: 3,
    postgresStopMs: 8_000,
    brokerFreezeMs: 10_000,
    brokerDownMs: 3_000,
    smtpTempFailMs: 8_000,
    smtpDownMs: 8_000,
    poisonMessages: 1_000,
    bounceShare: 0.02,
    settleDeadlineMs: 45_000,
  },
  full: {
    name: 'full',
    customers: 2_000,
    streamMs: 400_000,
    faultWindowMs: 420_000,
    engineKills: 10,
    dispatcherKills: 10,
    postgresStopMs: 20_000,
    brokerFreezeMs: 30_000,
    brokerDownMs: 10_000,
    smtpTempFailMs: 45_000,
    smtpDownMs: 30_000,
    poisonMessages: 10_000,
    bounceShare: 0.02,
    settleDeadlineMs: 240_000,
  },
};

/** mulberry32: a small, fast, seedable PRNG (uniform in [0, 1)). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function shuffle<T>(items: readonly T[], random: () => number): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}

/** Spacing kept between two kills of the same app, so each restart gets to run a little. */
const MIN_KILL_GAP_MS = 4_000;

/**
 * The schedule: the long faults (Postgres stop, broker freeze, broker kill, SMTP 4xx, SMTP gone)
 * each in a slot of its own, in a seeded order, so the delay after each one can be told apart; the
 * kills of the engine and the dispatcher spread at seeded times over the whole window, over the
 * long faults too.
 */
export function buildSchedule(profile: ChaosProfile, seed: number): Fault[] {
  const random = seededRandom(seed);
  const long: Array<Omit<Fault, 'at'>> = shuffle(
    [
      { kind: 'postgres-stop', durationMs: profile.postgresStopMs },
      { kind: 'broker-freeze', durationMs: profile.brokerFreezeMs },
      { kind: 'broker-kill', durationMs: profile.brokerDownMs },
      { kind: 'smtp-4xx', durationMs: profile.smtpTempFailMs },
      { kind: 'smtp-down', durationMs: profile.smtpDownMs },
    ] satisfies Array<Omit<Fault, 'at'>>,
    random,
  );
  // The first seconds of the stream run clean, so that the baseline works before anything breaks.
  const start = Math.min(5_000, profile.faultWindowMs / 10);
  const slot = (profile.faultWindowMs - start) / long.length;
  const faults: Fault[] = long.map((fault, i) => ({
    ...fault,
    at: Math.round(start + i * slot + random() * Math.max(0, slot - fault.durationMs) * 0.5),
  }));
  for (const [kind, count] of [
    ['engine-kill', profile.engineKills],
    ['dispatcher-kill', profile.dispatcherKills],
  ] as const) {
    const gap = (profile.faultWindowMs - start) / Math.max(1, count);
    for (let i = 0; i < count; i++) {
      const jitter = random() * Math.max(0, gap - MIN_KILL_GAP_MS);
      faults.push({ kind, at: Math.round(start + i * gap + jitter), durationMs: 0 });
    }
  }
  return faults.sort((a, b) => a.at - b.at || a.kind.localeCompare(b.kind));
}
