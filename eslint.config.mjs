// @ts-check
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettierConfig from 'eslint-config-prettier';

const ROOT = dirname(fileURLToPath(import.meta.url));

/**
 * Apps import libs, never each other; libs import no app. Only the CLI composes apps, and only
 * through each app's entry point (`apps/<app>/src/index.ts`). Import paths are resolved against
 * the importing file, so `../../../engine/src/...` and `apps/engine/src/...` are caught alike.
 */
const appBoundaries = {
  meta: { type: 'problem', schema: [], messages: { crossApp: '{{reason}}' } },
  create(context) {
    const from = relative(ROOT, context.filename).split('\\').join('/');
    const fromApp = /^apps\/([^/]+)\//.exec(from)?.[1];
    const fromLib = from.startsWith('libs/');
    if (!fromApp && !fromLib) return {};
    const check = (node, source) => {
      if (typeof source !== 'string') return;
      let target;
      if (source.startsWith('.'))
        target = relative(ROOT, resolve(dirname(context.filename), source))
          .split('\\')
          .join('/');
      else if (source.startsWith('apps/')) target = source;
      else return;
      const toApp = /^apps\/([^/]+)(\/|$)/.exec(target)?.[1];
      if (!toApp || toApp === fromApp) return;
      const entryPoint = target === `apps/${toApp}/src` || /^apps\/[^/]+\/src\/index(\.ts)?$/.test(target);
      if (fromApp === 'cli' && entryPoint) return;
      const reason = fromLib
        ? `libs/ must not import apps/ (${source}): move what both need into a library.`
        : fromApp === 'cli'
          ? `the CLI composes apps through their entry point only: import '${relative(dirname(from), `apps/${toApp}/src`)}' (apps/${toApp}/src/index.ts).`
          : `apps/${fromApp} must not import apps/${toApp} (${source}): apps share code through libs/.`;
      context.report({ node, messageId: 'crossApp', data: { reason } });
    };
    return {
      ImportDeclaration: (node) => check(node, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source.value),
      ExportAllDeclaration: (node) => check(node, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node, node.source.value),
      TSImportType: (node) => check(node, node.argument?.literal?.value ?? node.argument?.value),
    };
  },
};

/**
 * The doors (ARCHITECTURE.md, "Every outside thing has one door"): the only files that may import
 * each driver. Tests, the benchmark and the chaos suite drive the outside world directly.
 */
const DOORS = [
  {
    files: ['**/*.repository.ts', '**/*.entity.ts', '**/migrations/**/*.ts', 'libs/persistence/**/*.ts'],
    opens: ['postgres'],
  },
  { files: ['libs/messaging/**/*.ts'], opens: ['kafka'] },
  { files: ['libs/mail/**/*.ts'], opens: ['smtp'] },
];
const DRIVERS = {
  postgres: {
    group: ['typeorm', 'typeorm/*', 'pg', 'pg/*'],
    message:
      'Only repositories, entities, migrations and libs/persistence import typeorm or pg: use a repository and TransactionRunner.',
  },
  kafka: {
    group: ['kafkajs', 'kafkajs/*'],
    message: 'Only libs/messaging imports kafkajs: use EventProducer or a batch consumer.',
  },
  smtp: { group: ['nodemailer', 'nodemailer/*'], message: 'Only libs/mail imports nodemailer: use MailerService.' },
};
const IO_LIBRARIES = Object.values(DRIVERS).flatMap((driver) => driver.group);
const DOOR_FREE = ['test/**', 'bench/**', 'chaos/**'];
/** The drivers a file may not import, given the ones its door opens. */
const doorPatterns = (opens = []) =>
  Object.entries(DRIVERS)
    .filter(([name]) => !opens.includes(name))
    .map(([, driver]) => driver);

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', '.cache/', '.data/', 'coverage/', 'bench/results/', 'chaos/results/'] },
  eslint.configs.recommended,
  ...tseslint.configs.recommended,
  // Layout is Prettier's job (`npm run format`; `npm run lint` checks it): no stylistic lint rules.
  prettierConfig,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'off',
      'no-restricted-syntax': ['error', { selector: 'ExportDefaultDeclaration', message: 'Use named exports.' }],
    },
  },
  {
    // Every outside thing has one door: only these files import the driver that reaches it.
    files: ['apps/**/*.ts', 'libs/**/*.ts'],
    ignores: DOOR_FREE,
    rules: { 'no-restricted-imports': ['error', { patterns: doorPatterns() }] },
  },
  ...DOORS.map(({ files, opens }) => ({
    files,
    ignores: DOOR_FREE,
    rules: { 'no-restricted-imports': ['error', { patterns: doorPatterns(opens) }] },
  })),
  {
    // The pure core: no I/O, no framework, no wall clock. libs/journeys and libs/risk import no
    // other library than the contracts (an index such as @postventa/platform pulls Nest in).
    files: ['libs/journeys/src/**/*.ts', 'libs/risk/src/**/*.ts', 'libs/contracts/src/**/*.ts'],
    ignores: ['**/*.spec.ts', '**/*.cli.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                ...IO_LIBRARIES,
                '@nestjs/*',
                'fs',
                'node:fs',
                'fs/promises',
                'node:fs/promises',
                'net',
                'node:net',
                'http',
                'node:http',
                'https',
                'node:https',
                'child_process',
                'node:child_process',
              ],
              message: 'The domain core is pure: no I/O or framework imports.',
            },
            {
              group: ['@postventa/*', '!@postventa/contracts'],
              message:
                'The domain core imports only @postventa/contracts (other libraries bring I/O or Nest through their index).',
            },
          ],
        },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: 'Time is injected: take `now` as an argument.' },
      ],
    },
  },
  {
    // Apps import libs, never each other; libs import no app (see appBoundaries above).
    files: ['apps/**/*.ts', 'libs/**/*.ts'],
    plugins: { boundaries: { rules: { 'app-imports': appBoundaries } } },
    rules: { 'boundaries/app-imports': 'error' },
  },
  {
    // Jest loads its global hooks through a default export.
    files: ['test/global-setup.ts', 'test/global-teardown.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: {
      globals: {
        require: 'readonly',
        module: 'writable',
        process: 'readonly',
        __dirname: 'readonly',
        console: 'readonly',
      },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
