import { formatFlowIssues, loadFlowFromYaml, validateFlowSource, type FlowIssue } from './flow-validator';

const header = `id: test-flow
name: Test
trigger:
  event: order.placed
`;

function errorsOf(steps: string, extra = '', templates?: Set<string>): FlowIssue[] {
  const result = validateFlowSource(
    `${header}${extra}steps:\n${steps}`,
    'flows/test.yaml',
    templates ? { templates } : {},
  );
  return result.valid ? [] : result.errors;
}

const only = (issues: FlowIssue[]) => {
  expect(issues).toHaveLength(1);
  return issues[0];
};

describe('validateFlowSource', () => {
  it('accepts a correct flow and loads it with a content-hash version', () => {
    const source = `${header}steps:\n  - id: hello\n    type: email\n    template: welcome\n    category: transactional\n`;
    expect(validateFlowSource(source, 'f.yaml', { templates: new Set(['welcome']) })).toMatchObject({
      valid: true,
      errors: [],
    });
    const loaded = loadFlowFromYaml(source, 'f.yaml');
    expect(loaded.ok && loaded.flow.version).toMatch(/^[0-9a-f]{16}$/);
    const again = loadFlowFromYaml(`${source}# edited\n`, 'f.yaml');
    expect(again.ok && loaded.ok && again.flow.version !== loaded.flow.version).toBe(true);
  });

  it.each<[string, string, string, Partial<FlowIssue>]>([
    [
      'unknown step kind',
      '  - id: a\n    type: emial\n',
      '',
      { line: 7, path: 'steps[0].type', message: expect.stringContaining("unknown step type 'emial'") },
    ],
    [
      'bad duration',
      '  - id: a\n    type: wait\n    duration: 3 days\n',
      '',
      { line: 8, path: 'steps[0].duration', message: expect.stringContaining("bad duration '3 days'") },
    ],
    [
      'CEL that does not compile',
      '  - id: a\n    type: branch\n    cases:\n      - when: event.data.score <=\n        next: end\n',
      '',
      { line: 9, path: 'steps[0].cases[0].when', message: expect.stringContaining('CEL does not parse') },
    ],
    [
      'CEL with an unknown variable',
      '  - id: a\n    type: exit\n',
      'exit_on:\n  - event: order.cancelled\n    condition: order.id == "x"\n',
      { line: 7, path: 'exit_on[0].condition', message: expect.stringContaining('Unknown variable: order') },
    ],
    [
      'missing step reference',
      '  - id: a\n    type: alert\n    severity: high\n    reason: x\n    next: nowhere\n',
      '',
      { line: 10, path: 'steps[0].next', message: expect.stringContaining("no step with id 'nowhere'") },
    ],
    [
      'unknown field',
      '  - id: a\n    type: wait\n    duration: P1D\n    timeout: P2D\n',
      '',
      { line: 9, path: 'steps[0].timeout', message: "unknown field 'timeout'" },
    ],
    [
      'missing required field',
      '  - id: a\n    type: email\n    category: marketing\n',
      '',
      { line: 6, path: 'steps[0].template', message: "missing required field 'template'" },
    ],
    [
      'bad time of day',
      '  - id: a\n    type: wait\n    until_time: "25:00"\n',
      '',
      { line: 8, path: 'steps[0].until_time', message: expect.stringContaining('bad time of day') },
    ],
    [
      'split that does not add up',
      '  - id: a\n    type: split\n    variants:\n      - { percent: 50, next: end }\n      - { percent: 40, next: end }\n',
      '',
      { line: 9, path: 'steps[0].variants', message: 'split percentages add up to 90, not 100' },
    ],
    [
      'wait without a mode',
      '  - id: a\n    type: wait\n',
      '',
      { line: 6, path: 'steps[0]', message: expect.stringContaining('a wait needs') },
    ],
  ])('reports %s with its line and path', (_name, steps, extra, expected) => {
    expect(only(errorsOf(steps, extra))).toMatchObject({ file: 'flows/test.yaml', ...expected });
  });

  it('reports templates that do not exist', () => {
    const issue = only(
      errorsOf('  - id: a\n    type: survey\n    kind: nps\n    template: nps-survy\n', '', new Set(['nps-survey'])),
    );
    expect(issue).toMatchObject({ line: 9, path: 'steps[0].template', message: "unknown template 'nps-survy'" });
  });

  it('reports unreachable steps', () => {
    const issue = only(errorsOf('  - id: a\n    type: exit\n  - id: orphan\n    type: exit\n'));
    expect(issue).toMatchObject({ line: 8, path: 'steps[1].id', message: "step 'orphan' is never reached" });
  });

  it('reports loops with no wait, and accepts loops with one', () => {
    const loop =
      '  - id: a\n    type: alert\n    severity: low\n    reason: x\n  - id: b\n    type: branch\n    cases:\n      - when: "true"\n        next: a\n';
    const issue = only(errorsOf(loop));
    expect(issue.path).toBe('steps[1]');
    expect(issue.message).toContain('loop without a wait: a -> b -> a');
    const waited = loop.replace('  - id: b', '  - id: pause\n    type: wait\n    duration: P1D\n  - id: b');
    expect(errorsOf(waited)).toEqual([]);
  });

  it('reports duplicate step ids and the reserved id end', () => {
    const issues = errorsOf(
      '  - id: a\n    type: wait\n    duration: P1D\n  - id: a\n    type: exit\n  - id: end\n    type: exit\n',
    );
    expect(issues.map((i) => i.message)).toEqual(
      expect.arrayContaining(["step id 'a' is used twice", expect.stringContaining("'end' is reserved")]),
    );
  });

  it('reports YAML syntax errors with a line', () => {
    const result = validateFlowSource('id: x\nsteps: [\n  - a: b\n', 'bad.yaml', {});
    expect(result.valid).toBe(false);
    expect(result.errors[0]).toMatchObject({ file: 'bad.yaml', path: '', message: expect.stringMatching(/^YAML: /) });
    expect(result.errors[0].line).toBeGreaterThan(1);
  });

  it('formats issues as file:line:column path: message', () => {
    const text = formatFlowIssues(errorsOf('  - id: a\n    type: wait\n    duration: PT0S\n'));
    expect(text).toBe("flows/test.yaml:8:15 steps[0].duration: bad duration 'PT0S': it must be longer than zero");
  });
});
