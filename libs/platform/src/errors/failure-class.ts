/**
 * Whose fault a failed batch is, decided once for every consumer:
 * - `data`: the messages' own fault — PostgreSQL SQLSTATE classes 22 (data exception) and 23
 *   (integrity constraint), a stack overflow on a pathological value, an error marked `poison`.
 *   Retrying cannot help: the batch is split to find the message and dead-letter it.
 * - `infrastructure`: something outside is passing through trouble — connection errors, SQLSTATE
 *   08 (connection), 53 (resources), 57P (shutdown / restart), 40001 / 40P01 (serialization,
 *   deadlock), Kafka client errors. The same batch is retried with backoff; nothing is skipped.
 * - `unknown`: anything else. Retried a few times, then treated as `data`, so a bug that fails
 *   on one message cannot stall a partition forever.
 */
export type FailureClass = 'data' | 'infrastructure' | 'unknown';

const DATA_SQLSTATE_CLASSES = ['22', '23'];
const INFRA_SQLSTATE_PREFIXES = ['08', '53', '57P', '58', '40001', '40P01', '55P03', '25P'];
const INFRA_ERRNO = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNABORTED',
]);
const INFRA_MESSAGES = [
  /connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /connection (is )?(closed|ended)/i,
  /the database system is (starting|shutting|in recovery)/i,
  /Client has encountered a connection error/i,
  /Query read timeout/i,
];

interface ErrorLike {
  name?: unknown;
  code?: unknown;
  errno?: unknown;
  message?: unknown;
  poison?: unknown;
  driverError?: unknown;
  cause?: unknown;
}

export function classifyFailure(error: unknown): FailureClass {
  const seen = new Set<unknown>();
  let verdict: FailureClass = 'unknown';
  // Walk the error and what it wraps (TypeORM's driverError, `cause` chains), iteratively.
  const queue: unknown[] = [error];
  while (queue.length > 0) {
    const current = queue.shift();
    if (!current || typeof current !== 'object' || seen.has(current)) continue;
    seen.add(current);
    const e = current as ErrorLike;
    if (e.poison === true) return 'data';
    if (current instanceof RangeError && /call stack/i.test(String(e.message))) return 'data';
    const code = typeof e.code === 'string' ? e.code : '';
    if (/^[0-9A-Z]{5}$/.test(code)) {
      if (DATA_SQLSTATE_CLASSES.includes(code.slice(0, 2))) return 'data';
      if (INFRA_SQLSTATE_PREFIXES.some((p) => code.startsWith(p))) verdict = 'infrastructure';
    }
    if (INFRA_ERRNO.has(code) || (typeof e.errno === 'string' && INFRA_ERRNO.has(e.errno))) verdict = 'infrastructure';
    if (typeof e.name === 'string' && e.name.startsWith('KafkaJS')) verdict = 'infrastructure';
    if (typeof e.message === 'string' && INFRA_MESSAGES.some((re) => re.test(e.message as string)))
      verdict = 'infrastructure';
    queue.push(e.driverError, e.cause);
  }
  return verdict;
}

/** A short, caller-safe description of why a message could not be processed (no values echoed). */
export function failureSummary(error: unknown): { code: string; message: string } {
  const e = (error ?? {}) as ErrorLike;
  const driver = (e.driverError ?? {}) as ErrorLike;
  const sqlstate = [e.code, driver.code].find((c): c is string => typeof c === 'string' && /^[0-9A-Z]{5}$/.test(c));
  const text = String(e.message ?? error)
    .split('\n')[0]
    .slice(0, 300);
  if (error instanceof RangeError)
    return { code: 'STACK_OVERFLOW', message: 'the message is nested too deeply to process' };
  return { code: sqlstate ? `SQLSTATE_${sqlstate}` : String(e.name ?? 'Error'), message: text };
}
