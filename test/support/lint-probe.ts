import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const ROOT = join(__dirname, '..', '..');

/** A file that is linted as if it were at `path` (relative to the repository root); nothing is written. */
export interface LintProbe {
  path: string;
  code: string;
}

export interface LintFinding {
  ruleId: string | null;
  message: string;
}

/**
 * Lints every probe with the project's own ESLint configuration (as `npm run lint` runs it), in one
 * child process: the configuration (an ES module) is loaded once, outside Jest's module system.
 * Resolves with each probe's findings, in order.
 */
export async function lintProbes(probes: LintProbe[]): Promise<LintFinding[][]> {
  const script = `
    const { ESLint } = require('eslint');
    const probes = JSON.parse(process.argv[1]);
    (async () => {
      const eslint = new ESLint({ cwd: process.cwd() });
      const findings = [];
      for (const probe of probes) {
        const [result] = await eslint.lintText(probe.code, { filePath: require('node:path').join(process.cwd(), probe.path) });
        findings.push(result.messages.map((m) => ({ ruleId: m.ruleId, message: m.message })));
      }
      process.stdout.write(JSON.stringify(findings));
    })();
  `;
  const { stdout } = await promisify(execFile)(process.execPath, ['-e', script, JSON.stringify(probes)], {
    cwd: ROOT,
    maxBuffer: 16 * 1024 * 1024,
  });
  return JSON.parse(stdout) as LintFinding[][];
}
