import { PostventaError } from '@postventa/platform';

export enum LinkErrorCode {
  /** The token is forged, altered, truncated or of another kind of link. */
  InvalidLink = 'INVALID_LINK',
  /** A survey link past SURVEY_TOKEN_TTL_DAYS. */
  LinkExpired = 'LINK_EXPIRED',
  /** `?score=` missing or outside the survey's scale. */
  InvalidScore = 'INVALID_SCORE',
  /** A form body that is too large or not a form. */
  InvalidForm = 'INVALID_FORM',
  /** Too many requests from one client address (LINK_RATE_LIMIT); answered 429 with Retry-After. */
  RateLimited = 'RATE_LIMITED',
}

const STATUS: Record<LinkErrorCode, number> = {
  [LinkErrorCode.InvalidLink]: 400,
  [LinkErrorCode.LinkExpired]: 410,
  [LinkErrorCode.InvalidScore]: 400,
  [LinkErrorCode.InvalidForm]: 400,
  [LinkErrorCode.RateLimited]: 429,
};

/** What can go wrong with a link a customer opens; the links filter shows it as a small page. */
export class LinkError extends PostventaError<LinkErrorCode> {
  readonly area = 'links';
  readonly httpStatus: number;

  constructor(code: LinkErrorCode, message: string) {
    super(code, message);
    this.httpStatus = STATUS[code];
  }
}
