/** Rows, timing, percentiles and the table the benchmark prints. */
import { loadavg } from 'node:os';

export interface Row {
  phase: string;
  name: string;
  items: number;
  seconds: number;
  perSecond: number;
  note: string;
  /** Latency / lag percentiles in ms, when the row measures them. */
  p50?: number;
  p95?: number;
  p99?: number;
  max?: number;
  /** Share of a ceiling, e.g. "12% of Kafka". */
  ratio?: string;
  /** 1-minute load average when the row started and ended. */
  load?: [number, number];
  rssMb?: { engine: number; dispatcher: number };
}

export async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; seconds: number }> {
  const started = process.hrtime.bigint();
  const value = await fn();
  return { value, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
}

/** Runs a phase and stamps its rows with the load average before and after. */
export async function withLoad(fn: () => Promise<Row[]>): Promise<Row[]> {
  const before = loadavg()[0];
  const rows = await fn();
  const after = loadavg()[0];
  for (const row of rows) row.load ??= [round(before), round(after)];
  return rows;
}

export function round(n: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

/** Nearest-rank percentile of unsorted values (ms). */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export function latencyFields(values: readonly number[]): Pick<Row, 'p50' | 'p95' | 'p99' | 'max'> {
  return {
    p50: round(percentile(values, 50), 1),
    p95: round(percentile(values, 95), 1),
    p99: round(percentile(values, 99), 1),
    max: round(percentile(values, 100), 1),
  };
}

const fmt = (n: number | undefined) => (n === undefined || Number.isNaN(n) ? '' : Math.round(n).toLocaleString('en'));

function cells(rows: readonly Row[]): string[][] {
  return [
    [
      'phase',
      'measure',
      'items',
      's',
      'items/s',
      'p50 ms',
      'p95 ms',
      'p99 ms',
      'max ms',
      'vs ceiling',
      'RSS eng/disp MB',
      'load 1m',
      'note',
    ],
    ...rows.map((r) => [
      r.phase,
      r.name,
      fmt(r.items),
      r.seconds ? r.seconds.toFixed(1) : '',
      r.perSecond ? fmt(r.perSecond) : '',
      fmt(r.p50),
      fmt(r.p95),
      fmt(r.p99),
      fmt(r.max),
      r.ratio ?? '',
      r.rssMb ? `${Math.round(r.rssMb.engine)}/${Math.round(r.rssMb.dispatcher)}` : '',
      r.load ? `${r.load[0]}→${r.load[1]}` : '',
      r.note,
    ]),
  ];
}

/** The table printed at the end of a run (fixed-width text). */
export function formatTable(rows: readonly Row[]): string {
  const table = cells(rows);
  const widths = table[0].map((_, i) => Math.max(...table.map((row) => row[i].length)));
  const lines = table.map((row) =>
    row
      .map((cell, j) => cell.padEnd(widths[j]))
      .join('  ')
      .trimEnd(),
  );
  lines.splice(1, 0, widths.map((w) => '-'.repeat(w)).join('  '));
  return `${lines.join('\n')}\n`;
}

/** The same table in Markdown (docs/performance.md takes it as is; `bench/table.ts` rebuilds it from a run's JSON). */
export function formatMarkdown(rows: readonly Row[]): string {
  const table = cells(rows);
  const escape = (cell: string) => cell.replace(/\|/g, '\\|');
  const numeric = new Set([2, 3, 4, 5, 6, 7, 8]);
  const lines = table.map((row) => `| ${row.map(escape).join(' | ')} |`);
  lines.splice(1, 0, `|${table[0].map((_, i) => (numeric.has(i) ? '---:' : '---')).join('|')}|`);
  return `${lines.join('\n')}\n`;
}
