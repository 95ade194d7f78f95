import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { flowsDir, runCli } from './support/journey-kit';

const head = (id: string) => `id: ${id}\nname: Flow ${id}\ntrigger:\n  event: order.placed\nsteps:\n`;
const email = (id: string, template = 'welcome', extra = '') =>
  `  - id: ${id}\n    type: email\n    template: ${template}\n    category: transactional\n${extra}`;

/** One flow per class of mistake, with the line `flows validate` must print for it. */
const MISTAKES: Array<{ file: string; yaml: string; expect: RegExp }> = [
  {
    file: 'a01-yaml.yaml',
    yaml: `${head('yaml')}  - id: a\n    type: email\n    category: [transactional\n`,
    expect: /a01-yaml\.yaml:\d+:\d+ YAML: /,
  },
  {
    file: 'a02-type.yaml',
    yaml: `${head('type')}  - id: a\n    type: sms\n`,
    expect: /a02-type\.yaml:7:11 steps\[0\]\.type: unknown step type 'sms' \(expected one of: email, survey/,
  },
  {
    file: 'a03-field.yaml',
    yaml: `${head('field')}${email('a', 'welcome', '    colour: red\n')}`,
    expect: /a03-field\.yaml:10:\d+ steps\[0\]\.colour: unknown field 'colour'/,
  },
  {
    file: 'a04-missing.yaml',
    yaml: `${head('missing')}  - id: a\n    type: email\n    category: transactional\n`,
    expect: /a04-missing\.yaml:6:\d+ steps\[0\]\.template: missing required field 'template'/,
  },
  {
    file: 'a05-duration.yaml',
    yaml: `${head('duration')}  - id: a\n    type: wait\n    duration: P14\n${email('b')}`,
    expect: /a05-duration\.yaml:8:15 steps\[0\]\.duration: bad duration 'P14': use ISO 8601/,
  },
  {
    file: 'a06-time.yaml',
    yaml: `${head('time')}  - id: a\n    type: wait\n    until_time: "25:00"\n${email('b')}`,
    expect: /a06-time\.yaml:8:\d+ steps\[0\]\.until_time: bad time of day '25:00'/,
  },
  {
    file: 'a07-cel.yaml',
    yaml: `${head('cel')}  - id: a\n    type: branch\n    cases:\n      - when: event.data.score <=\n        next: b\n${email('b')}`,
    expect: /a07-cel\.yaml:9:\d+ steps\[0\]\.cases\[0\]\.when: CEL does not parse/,
  },
  {
    file: 'a08-variable.yaml',
    yaml: `${head('variable')}  - id: a\n    type: branch\n    cases:\n      - when: order.total > 10\n        next: b\n${email('b')}`,
    expect: /a08-variable\.yaml:9:\d+ steps\[0\]\.cases\[0\]\.when: CEL does not type-check: Unknown variable: order/,
  },
  {
    file: 'a09-reference.yaml',
    yaml: `${head('reference')}${email('a', 'welcome', '    next: usage-guid\n')}${email('b')}`,
    expect: /a09-reference\.yaml:10:\d+ steps\[0\]\.next: no step with id 'usage-guid' \(known steps: a, b\)/,
  },
  {
    file: 'a10-template.yaml',
    yaml: `${head('template')}${email('a', 'first-use-hlp')}`,
    expect: /a10-template\.yaml:8:\d+ steps\[0\]\.template: unknown template 'first-use-hlp'/,
  },
  {
    file: 'a11-duplicate.yaml',
    yaml: `${head('duplicate')}${email('a')}${email('a')}`,
    expect: /a11-duplicate\.yaml:10:\d+ steps\[1\]\.id: step id 'a' is used twice/,
  },
  {
    file: 'a12-split.yaml',
    yaml: `${head('split')}  - id: a\n    type: split\n    variants:\n      - percent: 50\n        next: b\n      - percent: 30\n        next: c\n${email('b', 'welcome', '    next: end\n')}${email('c')}`,
    expect: /a12-split\.yaml:9:\d+ steps\[0\]\.variants: split percentages add up to 80, not 100/,
  },
  {
    file: 'a13-unreachable.yaml',
    yaml: `${head('unreachable')}${email('a', 'welcome', '    next: end\n')}${email('b')}`,
    expect: /a13-unreachable\.yaml:11:\d+ steps\[1\]\.id: step 'b' is never reached/,
  },
  {
    file: 'a14-loop.yaml',
    yaml: `${head('loop')}${email('a')}  - id: b\n    type: branch\n    cases:\n      - when: "true"\n        next: a\n`,
    expect: /a14-loop\.yaml:10:\d+ steps\[1\]: loop without a wait: a -> b -> a; add a wait or wait_for step inside it/,
  },
  { file: 'a15-good.yaml', yaml: `${head('good')}${email('a')}`, expect: /^$/ },
  {
    file: 'a16-same-id.yaml',
    yaml: `${head('good')}${email('a', 'usage-guide')}`,
    expect: /a16-same-id\.yaml:1:1 id: flow id 'good' is already used by a15-good\.yaml/,
  },
];

describe('postventa flows validate / simulate (the CLI, no services)', () => {
  let dir: string;

  beforeAll(() => {
    dir = flowsDir(Object.fromEntries(MISTAKES.map((m) => [m.file, m.yaml])));
    for (const folder of ['welcome', 'usage-guide', 'layouts', 'partials'])
      mkdirSync(join(dir, 'templates', folder), { recursive: true });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reports each class of mistake as file:line:column path: message and exits 1', async () => {
    const result = await runCli(['flows', 'validate', dir]);
    expect(result.code).toBe(1);
    const lines = result.stdout.trim().split('\n');
    for (const mistake of MISTAKES.filter((m) => m.file !== 'a15-good.yaml')) {
      expect({ file: mistake.file, line: lines.find((l) => mistake.expect.test(l)) }).toEqual({
        file: mistake.file,
        line: expect.any(String),
      });
    }
    expect(lines.some((l) => l.startsWith(join(dir, 'a15-good.yaml')))).toBe(false);
    expect(result.stderr).toContain('problem(s) in 15 file(s); 1 flow(s) valid');
  });

  it('passes the shipped flows against the shipped templates', async () => {
    const result = await runCli(['flows', 'validate', 'flows']);
    expect(result).toMatchObject({ code: 0, stdout: '4 flow(s) valid\n' });
  });

  it('refuses to publish a folder with mistakes, naming them, before touching the database', async () => {
    const result = await runCli(['flows', 'publish', dir], {
      DATABASE_URL: 'postgres://nobody:nothing@127.0.0.1:1/none',
    });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("unknown template 'first-use-hlp'");
    expect(result.stderr).toContain('nothing published');
  });

  it('simulates the shipped SMOT flow on the sample timeline: the path to a detractor alert', async () => {
    const result = await runCli([
      'flows',
      'simulate',
      'flows/smot-onboarding.yaml',
      '--events',
      'flows/samples/smot-timeline.jsonl',
    ]);
    expect(result.code).toBe(0);
    const commands = result.stdout
      .split('\n')
      .filter((l) => /\s+command\s+/.test(l))
      .map((l) => l.replace(/^\S+ \S+\s+command\s+/, ''));
    expect(commands).toEqual([
      'email.send order-confirmation (transactional) [fmot]',
      'email.send what-to-expect (transactional) [fmot]',
      'email.send usage-guide (transactional) [smot]',
      'survey.send nps nps-survey [smot]',
      'email.send detractor-apology (transactional) [tmot]',
      'alert.raise high detractor -> support [tmot]',
    ]);
    expect(result.stdout).toContain(
      '2025-03-10 18:05:00Z  timer.fired     smot-onboarding:ac6de760a9381412:wait-before-survey:1:wait',
    );
    expect(result.stdout).toContain('converted       goal first-use');
    expect(result.stdout.trim().split('\n').pop()).toBe(
      '# 1 journey(s), 6 command(s), 0 still open, 0 timer(s) pending at the horizon',
    );
  });

  it('names a bad line of the timeline', async () => {
    const timeline = join(dir, 'bad.jsonl');
    writeFileSync(timeline, '{"specversion":"1.0"}\nnot json\n');
    const result = await runCli(['flows', 'simulate', 'flows/smot-onboarding.yaml', '--events', timeline]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/bad\.jsonl:1 /);
    expect(result.stdout).toMatch(/bad\.jsonl:2 not JSON/);
  });
});
