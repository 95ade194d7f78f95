import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..');

/** What ESLint (the project's config, as `npm run lint` runs it) reports for `code` as the file at `path`; nothing is written. */
async function violations(path: string, code: string): Promise<string[]> {
  const eslint = spawnSync(
    process.execPath,
    [
      join(ROOT, 'node_modules/eslint/bin/eslint.js'),
      '--format',
      'json',
      '--stdin',
      '--stdin-filename',
      join(ROOT, path),
    ],
    {
      cwd: ROOT,
      input: code,
      encoding: 'utf8',
    },
  );
  const [result] = JSON.parse(eslint.stdout) as Array<{ messages: Array<{ ruleId: string; message: string }> }>;
  return result.messages.map((m) => `${m.ruleId}: ${m.message.split(' import is')[0]}`);
}

describe('lint keeps the doors', () => {
  it('refuses typeorm, pg, kafkajs and nodemailer outside their door files', async () => {
    const code = "import 'typeorm';\nimport 'pg';\nimport 'kafkajs';\nimport 'nodemailer';\n";
    expect(await violations('apps/engine/src/journeys/some.service.ts', code)).toEqual([
      "no-restricted-imports: 'typeorm'",
      "no-restricted-imports: 'pg'",
      "no-restricted-imports: 'kafkajs'",
      "no-restricted-imports: 'nodemailer'",
    ]);
    expect(await violations('apps/engine/src/journeys/some.repository.ts', code)).toEqual([
      "no-restricted-imports: 'kafkajs'",
      "no-restricted-imports: 'nodemailer'",
    ]);
    expect(await violations('libs/messaging/src/some.ts', code)).toEqual([
      "no-restricted-imports: 'typeorm'",
      "no-restricted-imports: 'pg'",
      "no-restricted-imports: 'nodemailer'",
    ]);
    expect(await violations('libs/mail/src/some.ts', code)).toEqual([
      "no-restricted-imports: 'typeorm'",
      "no-restricted-imports: 'pg'",
      "no-restricted-imports: 'kafkajs'",
    ]);
    expect(await violations('test/some.e2e-spec.ts', code)).toEqual([]);
  });

  it('keeps libs/journeys and libs/risk free of I/O, Nest and libraries other than the contracts', async () => {
    const code =
      "import '@nestjs/common';\nimport '@postventa/platform';\nimport 'typeorm';\nimport '@postventa/contracts';\nimport 'luxon';\n";
    const expected = [
      "no-restricted-imports: '@nestjs/common'",
      "no-restricted-imports: '@postventa/platform'",
      "no-restricted-imports: 'typeorm'",
    ];
    expect(await violations('libs/journeys/src/some.ts', code)).toEqual(expected);
    expect(await violations('libs/risk/src/some.ts', code)).toEqual(expected);
  });
});
