import { parseTeamsConfig, roundRobinMember, routeAlert, TeamsConfig } from './teams-config';
import { TeamsDirectory } from './teams.directory';

const yaml = `
teams:
  - name: care
    language: es
    members:
      - { name: Ana, email: ana@x.example }
      - { name: Tom, email: tom@x.example }
      - { name: Eva, email: eva@x.example }
    routes: { reasons: [detractor, low_csat] }
    default: true
  - name: onboarding
    members: [{ name: Joe, email: joe@x.example }]
    escalation: { name: Boss, email: boss@x.example }
    sla: PT2S
    routes: { reasons: [no_first_use] }
  - name: critical
    members: [{ name: Kim, email: kim@x.example }]
    routes: { severities: [critical] }
`;

function config(): TeamsConfig {
  const parsed = parseTeamsConfig(yaml);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return parsed.teams;
}

describe('teams config', () => {
  it('fills defaults', () => {
    expect(config().teams[1]).toMatchObject({ language: 'en', default: false });
  });

  it.each([
    [{ reason: 'detractor', severity: 'high' }, 'care'],
    [{ reason: 'no_first_use', severity: 'high' }, 'onboarding'],
    [{ reason: 'refund_requested', severity: 'critical' }, 'critical'],
    [{ reason: 'refund_requested', severity: 'high' }, 'care'],
    [{ reason: 'detractor', severity: 'high', route: 'onboarding' }, 'onboarding'],
    [{ reason: 'detractor', severity: 'high', route: 'nobody' }, 'care'],
  ] as const)('routes %j to %s', (request, team) => {
    expect(routeAlert(config(), request).name).toBe(team);
  });

  it.each([
    ['teams: []', 'teams', 'at least one team is needed'],
    ['teams:\n  - name: a\n    members: []', 'teams[0].members', 'a team needs at least one member'],
    [
      'teams:\n  - name: a\n    members: [{ name: A, email: nope }]',
      'teams[0].members[0].email',
      'must be an email address',
    ],
    [
      'teams:\n  - name: a\n    members: [{ name: A, email: a@x.example }]\n    sla: 4 hours',
      'teams[0].sla',
      'ISO 8601',
    ],
    [
      'teams:\n  - name: a\n    members: [{ name: A, email: a@x.example }]\n    colour: red',
      'teams[0].colour',
      'unknown key',
    ],
    ['teams: [', '(root)', 'not valid YAML'],
  ])('names the bad value of %j', (text, path, message) => {
    const parsed = parseTeamsConfig(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.problems[0].path).toBe(path);
      expect(parsed.problems[0].message).toContain(message);
    }
  });

  it('uses the team SLA or the default one', () => {
    const directory = TeamsDirectory.fromText(yaml, 'PT4H');
    expect(directory.slaMs(directory.find('onboarding')!)).toBe(2000);
    expect(directory.slaMs(directory.find('care')!)).toBe(4 * 3600_000);
    expect(directory.person('BOSS')?.email).toBe('boss@x.example');
    expect(() => TeamsDirectory.fromText('teams: 1', 'PT4H', 'config/t.yaml')).toThrow(
      /Invalid teams file config\/t\.yaml \(TEAMS_FILE\)/,
    );
  });
});

describe('round-robin', () => {
  const members = config().teams[0].members;

  it('cycles through the members in order from position 0', () => {
    expect(Array.from({ length: 7 }, (_, position) => roundRobinMember(members, position).name)).toEqual([
      'Ana',
      'Tom',
      'Eva',
      'Ana',
      'Tom',
      'Eva',
      'Ana',
    ]);
  });

  it('spreads any run of consecutive positions evenly', () => {
    const counts = new Map<string, number>();
    for (let position = 1000; position < 1300; position++) {
      const name = roundRobinMember(members, position).name;
      counts.set(name, (counts.get(name) ?? 0) + 1);
    }
    expect([...counts.values()]).toEqual([100, 100, 100]);
  });

  it('refuses an empty team', () => {
    expect(() => roundRobinMember([], 0)).toThrow(RangeError);
  });
});
