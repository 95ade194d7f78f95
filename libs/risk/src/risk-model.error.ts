/** Codes of the errors a risk model file can cause; the edge maps them to a start-up failure or a 4xx. */
export enum RiskModelErrorCode {
  /** The text is not valid YAML. */
  Syntax = 'RISK_MODEL_SYNTAX',
  /** The YAML parsed but a value is missing, unknown or out of range. */
  Invalid = 'RISK_MODEL_INVALID',
}

export interface RiskModelProblem {
  /** Dotted path of the offending value, e.g. `reasons.detractor.weight`; `(root)` for the document. */
  path: string;
  message: string;
}

/**
 * A risk model (config/risk.yaml) that cannot be used. Same shape as the platform's coded errors
 * (`area`, `code`, `details`) so the edge can map it without knowing this library.
 */
export class RiskModelError extends Error {
  readonly area = 'risk';
  readonly details: Record<string, unknown>;

  constructor(
    readonly code: RiskModelErrorCode,
    readonly problems: readonly RiskModelProblem[],
  ) {
    super(`Invalid risk model:\n${problems.map((problem) => `  - ${problem.path}: ${problem.message}`).join('\n')}`);
    this.name = new.target.name;
    this.details = { problems };
  }

  /** Path of the first offending value. */
  get path(): string {
    return this.problems[0]?.path ?? '(root)';
  }
}
