import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fixedIsoDurationMs } from '@postventa/contracts';
import { AlertError, AlertErrorCode } from './alert.error';
import {
  findPerson,
  parseTeamsConfig,
  RouteRequest,
  routeAlert,
  TeamConfig,
  TeamMember,
  TeamsConfig,
} from './teams-config';

/**
 * The support teams of TEAMS_FILE, read once at start-up. A file that cannot be read or is not
 * valid stops start-up with a message that names the file and the bad value.
 */
export class TeamsDirectory {
  private constructor(
    readonly config: TeamsConfig,
    private readonly defaultSlaMs: number,
  ) {}

  static fromFile(path: string, defaultSla: string): TeamsDirectory {
    let text: string;
    try {
      text = readFileSync(resolve(path), 'utf8');
    } catch (error) {
      throw new AlertError(
        AlertErrorCode.TeamsInvalid,
        `Cannot read the teams file ${path} (TEAMS_FILE): ${(error as Error).message}`,
        { file: path },
      );
    }
    return TeamsDirectory.fromText(text, defaultSla, path);
  }

  static fromText(text: string, defaultSla: string, origin = 'teams.yaml'): TeamsDirectory {
    const parsed = parseTeamsConfig(text);
    if (!parsed.ok) {
      const lines = parsed.problems.map((problem) => `  - ${problem.path}: ${problem.message}`).join('\n');
      throw new AlertError(AlertErrorCode.TeamsInvalid, `Invalid teams file ${origin} (TEAMS_FILE):\n${lines}`, {
        file: origin,
        problems: parsed.problems,
      });
    }
    const slaMs = fixedIsoDurationMs(defaultSla);
    if (slaMs === null)
      throw new AlertError(
        AlertErrorCode.TeamsInvalid,
        `ALERT_SLA: not a fixed-length ISO 8601 duration: ${defaultSla}`,
      );
    return new TeamsDirectory(parsed.teams, slaMs);
  }

  route(request: RouteRequest): TeamConfig {
    return routeAlert(this.config, request);
  }

  find(name: string): TeamConfig | undefined {
    return this.config.teams.find((team) => team.name === name);
  }

  person(who: string): TeamMember | undefined {
    return findPerson(this.config, who);
  }

  /** How long an alert of this team may stay unacknowledged. */
  slaMs(team: TeamConfig): number {
    return (team.sla ? fixedIsoDurationMs(team.sla) : null) ?? this.defaultSlaMs;
  }
}
