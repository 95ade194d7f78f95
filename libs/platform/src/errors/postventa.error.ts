/**
 * Base for errors a user can cause or act on. Each area defines its own codes; the edges map a
 * code to an HTTP status, a CLI exit, a retry or a dead letter.
 */
export abstract class PostventaError<Code extends string = string> extends Error {
  abstract readonly area: string;

  constructor(
    readonly code: Code,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}
