import { PostventaError } from '../errors/postventa.error';

export enum ConfigErrorCode {
  Invalid = 'CONFIG_INVALID',
}

export interface ConfigProblem {
  variable: string;
  message: string;
}

export class ConfigError extends PostventaError<ConfigErrorCode> {
  readonly area = 'config';

  constructor(readonly problems: ConfigProblem[]) {
    super(
      ConfigErrorCode.Invalid,
      `Invalid configuration:\n${problems.map((p) => `  - ${p.variable}: ${p.message}`).join('\n')}`,
      { problems },
    );
  }
}
