/**
 * Prints the Markdown table of a benchmark run from its JSON (what `npm run bench` wrote), with
 * the run's machine and load: `node -r @swc-node/register bench/table.ts bench/results/bench-<time>.json`.
 */
import { readFileSync } from 'node:fs';
import { formatMarkdown, type Row } from './report';

interface RunFile {
  at: string;
  mode: string;
  seconds: number;
  rows: Row[];
  machine: { cpus: number; cpuModel?: string; memoryGb: number; node: string; loadAverageAtEnd: number[] };
  error?: string;
}

const file = process.argv[2];
if (!file) {
  process.stderr.write('usage: bench/table.ts <bench-<time>.json>\n');
  process.exit(2);
}
const run = JSON.parse(readFileSync(file, 'utf8')) as RunFile;
const m = run.machine;
process.stdout.write(
  `${run.mode} run, ${run.at.replace('T', ' ').slice(0, 16)} UTC, ${Math.round(run.seconds)} s in all; ${m.cpus} cores (${m.cpuModel ?? '?'}), ${m.memoryGb} GB, node ${m.node}; load average at end ${m.loadAverageAtEnd.join(' ')}${run.error ? `; FAILED: ${run.error}` : ''}\n\n`,
);
process.stdout.write(formatMarkdown(run.rows));
