export {
  SuppressionRepository,
  suppressionFor,
  type Suppression,
  type SuppressionCategory,
  type SuppressionKind,
} from './consent/suppression.repository';
export { escapeHtml, escapeMrkdwn } from './escaping/sink-escaping';
export { LinkSigner } from './links/link-signer';
export {
  type ClickLink,
  type LinkClaims,
  type LinkKind,
  type LinkOfKind,
  type LinkOrigin,
  type LinkVerification,
  type OpenLink,
  signLink,
  type SurveyLink,
  type UnsubscribeLink,
  verifyLink,
} from './links/link-token';
