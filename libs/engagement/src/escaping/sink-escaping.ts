/**
 * Escaping for every place outside text ends up in. One function per sink, used by every page and
 * message of that kind: the gateway's pages (links, alert acknowledge, dashboard) and the alert
 * webhook's Slack-style text.
 */

/** HTML-escapes any value (as numeric character references), safe in text and in quoted attribute values alike. */
export function escapeHtml(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const MRKDWN_ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/**
 * Escapes text for Slack mrkdwn (also read by Mattermost and Teams workflows): `&`, `<` and `>`
 * become entities, so outside text can never form a link (`<url|label>`), a mention (`<@U1>`) or
 * a broadcast (`<!channel>`). Use it on every piece of outside text and on URLs placed in `<…>`.
 */
export function escapeMrkdwn(value: unknown): string {
  return String(value ?? '').replace(/[&<>]/g, (c) => MRKDWN_ENTITIES[c]);
}
