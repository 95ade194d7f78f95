import { Injectable } from '@nestjs/common';
import { LinkKind, LinkOfKind, LinkSigner } from '@postventa/engagement';
import { LinkError, LinkErrorCode } from './links.error';

/** Checks a link token from a URL; a bad one becomes a LinkError (4xx). */
@Injectable()
export class LinkVerifier {
  constructor(private readonly signer: LinkSigner) {}

  verify<K extends LinkKind>(token: string, kind: K): LinkOfKind<K> {
    const result = this.signer.verify(token, kind);
    if (result.ok) return result.link;
    if (result.reason === 'expired') throw new LinkError(LinkErrorCode.LinkExpired, 'This link has expired');
    throw new LinkError(LinkErrorCode.InvalidLink, 'This link is not valid');
  }
}
