import { Inject, Injectable } from '@nestjs/common';
import { AppConfig, Clock, linkSigningKey, LOGGER, Logger } from '@postventa/platform';
import { LinkClaims, LinkKind, LinkVerification, signLink, verifyLink } from './link-token';

/**
 * Signs and checks the links in emails (surveys, unsubscribe, open pixel, click tracking) and
 * builds their public URLs on PUBLIC_BASE_URL. Shared by the dispatcher (signs) and the gateway's
 * links module (verifies).
 */
@Injectable()
export class LinkSigner {
  private readonly key: string;
  readonly baseUrl: string;

  constructor(
    config: AppConfig,
    private readonly clock: Clock,
    @Inject(LOGGER) logger: Logger,
  ) {
    this.key = linkSigningKey(config, logger);
    this.baseUrl = config.publicBaseUrl;
  }

  sign(link: LinkClaims): string {
    return signLink(link, this.key);
  }

  verify<K extends LinkKind>(token: string, kind: K): LinkVerification<K> {
    return verifyLink(token, kind, this.key, this.clock.now());
  }

  /** `https://…/s/<token>?score=N`, `/u/<token>`, `/o/<token>.gif`, `/c/<token>`. */
  url(link: LinkClaims, score?: number): string {
    const token = this.sign(link);
    switch (link.kind) {
      case 'survey':
        return `${this.baseUrl}/s/${token}${score === undefined ? '' : `?score=${score}`}`;
      case 'unsubscribe':
        return `${this.baseUrl}/u/${token}`;
      case 'open':
        return `${this.baseUrl}/o/${token}.gif`;
      case 'click':
        return `${this.baseUrl}/c/${token}`;
    }
  }
}
