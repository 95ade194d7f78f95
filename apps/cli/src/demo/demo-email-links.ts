/** The Postventa links of one email, as a customer (or a support lead) would find them in it. */
export interface EmailLinks {
  /** One entry per survey: `url` is the survey's own address (POST the answer there). */
  surveys: Array<{ url: string; scores: number[] }>;
  /** `/u/<token>`, from the body or the List-Unsubscribe header. */
  unsubscribe: string | null;
  /** `/o/<token>.gif` */
  opens: string[];
  /** `/c/<token>` with the destination it leads to, when it can be read from the signed token. */
  clicks: Array<{ url: string; destination: string | null }>;
  /** `/alerts/<id>/acknowledge?as=...&token=...` with the alert id. */
  acknowledges: Array<{ url: string; alertId: string }>;
}

function unescapeHtml(text: string): string {
  return text
    .replace(/&amp;/g, '&')
    .replace(/&#x3D;/gi, '=')
    .replace(/&#61;/g, '=')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'");
}

/** The destination signed into a click token (`<base64url JSON claims>.<signature>`), if readable. */
export function clickDestination(url: string): string | null {
  const token = /\/c\/([^/?#]+)/.exec(url)?.[1];
  if (!token) return null;
  try {
    const claims = JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString('utf8')) as { u?: unknown };
    return typeof claims.u === 'string' ? claims.u : null;
  } catch {
    return null;
  }
}

/** Finds the survey, unsubscribe, open, click and acknowledge links of an email. Pure. */
export function emailLinks(html: string | null, headers: Record<string, string> = {}): EmailLinks {
  const found = [...(html ?? '').matchAll(/(?:href|src)\s*=\s*"([^"]+)"/gi)].map((m) => unescapeHtml(m[1]));
  const listUnsubscribe = /<(https?:\/\/[^>]+\/u\/[^>]+)>/.exec(headers['list-unsubscribe'] ?? '')?.[1];
  const surveys = new Map<string, number[]>();
  const links: EmailLinks = { surveys: [], unsubscribe: null, opens: [], clicks: [], acknowledges: [] };
  for (const url of found) {
    const survey = /^(https?:\/\/[^?#]+\/s\/[^/?#]+)\?score=(\d+)$/.exec(url);
    if (survey) {
      const scores = surveys.get(survey[1]) ?? [];
      scores.push(Number(survey[2]));
      surveys.set(survey[1], scores);
    } else if (/^https?:\/\/[^?#]+\/u\/[^/?#]+$/.test(url)) {
      links.unsubscribe ??= url;
    } else if (/^https?:\/\/[^?#]+\/o\/[^/?#]+\.gif$/.test(url)) {
      links.opens.push(url);
    } else if (/^https?:\/\/[^?#]+\/c\/[^/?#]+$/.test(url)) {
      if (!links.clicks.some((c) => c.url === url)) links.clicks.push({ url, destination: clickDestination(url) });
    } else {
      const ack = /^https?:\/\/[^?#]+\/alerts\/([^/?#]+)\/acknowledge\?/.exec(url);
      if (ack && !links.acknowledges.some((a) => a.url === url))
        links.acknowledges.push({ url, alertId: decodeURIComponent(ack[1]) });
    }
  }
  links.surveys = [...surveys].map(([url, scores]) => ({ url, scores: [...new Set(scores)].sort((a, b) => a - b) }));
  links.unsubscribe ??= listUnsubscribe ?? null;
  return links;
}
