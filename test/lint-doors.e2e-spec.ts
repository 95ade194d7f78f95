import { lintProbes } from './support/lint-probe';

/** What ESLint reports for `code` as each file of `paths` (one ESLint run for them all). */
async function violations(code: string, paths: string[]): Promise<string[][]> {
  const findings = await lintProbes(paths.map((path) => ({ path, code })));
  return findings.map((messages) => messages.map((m) => `${m.ruleId}: ${m.message.split(' import is')[0]}`));
}

describe('lint keeps the doors', () => {
  it('refuses typeorm, pg, kafkajs and nodemailer outside their door files', async () => {
    const code = "import 'typeorm';\nimport 'pg';\nimport 'kafkajs';\nimport 'nodemailer';\n";
    const [service, repository, messaging, mail, test] = await violations(code, [
      'apps/engine/src/journeys/some.service.ts',
      'apps/engine/src/journeys/some.repository.ts',
      'libs/messaging/src/some.ts',
      'libs/mail/src/some.ts',
      'test/some.e2e-spec.ts',
    ]);
    expect(service).toEqual([
      "no-restricted-imports: 'typeorm'",
      "no-restricted-imports: 'pg'",
      "no-restricted-imports: 'kafkajs'",
      "no-restricted-imports: 'nodemailer'",
    ]);
    expect(repository).toEqual(["no-restricted-imports: 'kafkajs'", "no-restricted-imports: 'nodemailer'"]);
    expect(messaging).toEqual([
      "no-restricted-imports: 'typeorm'",
      "no-restricted-imports: 'pg'",
      "no-restricted-imports: 'nodemailer'",
    ]);
    expect(mail).toEqual([
      "no-restricted-imports: 'typeorm'",
      "no-restricted-imports: 'pg'",
      "no-restricted-imports: 'kafkajs'",
    ]);
    expect(test).toEqual([]);
  });

  it('keeps libs/journeys and libs/risk free of I/O, Nest and libraries other than the contracts', async () => {
    const code =
      "import '@nestjs/common';\nimport '@postventa/platform';\nimport 'typeorm';\nimport '@postventa/contracts';\nimport 'luxon';\n";
    const expected = [
      "no-restricted-imports: '@nestjs/common'",
      "no-restricted-imports: '@postventa/platform'",
      "no-restricted-imports: 'typeorm'",
    ];
    const [journeys, risk] = await violations(code, ['libs/journeys/src/some.ts', 'libs/risk/src/some.ts']);
    expect(journeys).toEqual(expected);
    expect(risk).toEqual(expected);
  });
});
