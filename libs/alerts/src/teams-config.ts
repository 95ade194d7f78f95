import { ALERT_SEVERITIES, type AlertSeverity, fixedIsoDurationMs } from '@postventa/contracts';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';

const member = z.strictObject({
  name: z.string().min(1).max(200),
  email: z.email('must be an email address').max(320),
});

const duration = z.string().refine((text) => fixedIsoDurationMs(text) !== null, {
  message: 'expected a fixed-length ISO 8601 duration such as PT4H or P1D',
});

const teamSchema = z.strictObject({
  name: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,99}$/i, 'letters, digits, "-" and "_"'),
  /** Language of the alert emails: es, en or pt (a BCP 47 tag; the templates fall back). */
  language: z
    .string()
    .regex(/^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/, 'must be a language tag such as es, en or pt-BR')
    .default('en'),
  members: z.array(member).min(1, 'a team needs at least one member'),
  webhook_url: z.url({ protocol: /^https?$/, error: 'must be an http or https URL' }).optional(),
  escalation: member.optional(),
  /** How long an alert may stay unacknowledged before escalation; ALERT_SLA when absent. */
  sla: duration.optional(),
  routes: z
    .strictObject({
      reasons: z.array(z.string().min(1)).min(1).optional(),
      severities: z.array(z.enum(ALERT_SEVERITIES)).min(1).optional(),
    })
    .optional(),
  /** Takes every alert no other team's routes take. */
  default: z.boolean().default(false),
});

const teamsFileSchema = z
  .strictObject({ teams: z.array(teamSchema).min(1, 'at least one team is needed') })
  .superRefine((file, ctx) => {
    const names = new Set<string>();
    file.teams.forEach((team, index) => {
      if (names.has(team.name))
        ctx.addIssue({
          code: 'custom',
          path: ['teams', index, 'name'],
          message: `team "${team.name}" is defined twice`,
        });
      names.add(team.name);
    });
    if (file.teams.filter((team) => team.default).length > 1)
      ctx.addIssue({ code: 'custom', path: ['teams'], message: 'only one team can be the default' });
  });

export type TeamMember = z.infer<typeof member>;
export type TeamConfig = z.infer<typeof teamSchema>;
export type TeamsConfig = z.infer<typeof teamsFileSchema>;

export interface TeamsProblem {
  path: string;
  message: string;
}

export type TeamsParseResult = { ok: true; teams: TeamsConfig } | { ok: false; problems: TeamsProblem[] };

function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(root)';
  return path.map((key, i) => (typeof key === 'number' ? `[${key}]` : `${i === 0 ? '' : '.'}${String(key)}`)).join('');
}

/** Reads the text of a teams YAML file (config/teams.yaml); problems name the bad value's path. */
export function parseTeamsConfig(yamlText: string): TeamsParseResult {
  let raw: unknown;
  try {
    raw = parseYaml(yamlText, { uniqueKeys: true }) ?? {};
  } catch (error) {
    return { ok: false, problems: [{ path: '(root)', message: `not valid YAML: ${(error as Error).message}` }] };
  }
  const parsed = teamsFileSchema.safeParse(raw);
  if (parsed.success) return { ok: true, teams: parsed.data };
  return {
    ok: false,
    problems: parsed.error.issues.flatMap((issue) =>
      issue.code === 'unrecognized_keys'
        ? issue.keys.map((key) => ({ path: formatPath([...issue.path, key]), message: 'unknown key' }))
        : [{ path: formatPath(issue.path), message: issue.message }],
    ),
  };
}

export interface RouteRequest {
  /** A team named by the flow's alert step; wins when it exists. */
  route?: string;
  reason: string;
  severity: AlertSeverity;
}

function takes(team: TeamConfig, request: RouteRequest): boolean {
  const routes = team.routes;
  if (!routes) return false;
  return (
    (!routes.reasons || routes.reasons.includes(request.reason)) &&
    (!routes.severities || routes.severities.includes(request.severity))
  );
}

/**
 * The team an alert goes to: the named route when that team exists; else the first team whose
 * routes take the reason and severity; else the default team; else the first team.
 */
export function routeAlert(config: TeamsConfig, request: RouteRequest): TeamConfig {
  const named = request.route ? config.teams.find((team) => team.name === request.route) : undefined;
  return (
    named ??
    config.teams.find((team) => takes(team, request)) ??
    config.teams.find((team) => team.default) ??
    config.teams[0]
  );
}

/** The member at a round-robin position: positions 0, 1, 2... cycle through the members in order. */
export function roundRobinMember(members: readonly TeamMember[], position: number): TeamMember {
  if (members.length === 0) throw new RangeError('a team needs at least one member');
  const index = ((Math.trunc(position) % members.length) + members.length) % members.length;
  return members[index];
}

/** A person by email or name across every team (members and escalation contacts). */
export function findPerson(config: TeamsConfig, who: string): TeamMember | undefined {
  const wanted = who.trim().toLowerCase();
  for (const team of config.teams) {
    for (const person of [...team.members, ...(team.escalation ? [team.escalation] : [])]) {
      if (person.email.toLowerCase() === wanted || person.name.toLowerCase() === wanted) return person;
    }
  }
  return undefined;
}
