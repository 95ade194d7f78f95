/** Opening `<a …>` tags; attribute values may contain `>`. */
const ANCHOR = /<a\b(?:[^>"']|"[^"]*"|'[^']*')*>/gi;
const HREF = /(\shref\s*=\s*)(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/i;
const NO_TRACK = /\sdata-pv-no-track(?=[\s=/>])/i;
const HTTP = /^https?:\/\//i;

export interface CollectedLink {
  url: string;
  /** http(s) and not marked `data-pv-no-track`: what `rewriteLinks` would wrap. */
  trackable: boolean;
}

/** Every `<a href>` in the HTML, in order, with entities in the URL decoded. */
export function collectLinks(html: string): CollectedLink[] {
  const links: CollectedLink[] = [];
  for (const tag of html.match(ANCHOR) ?? []) {
    const href = HREF.exec(tag);
    if (!href) continue;
    const url = decodeEntities((href[2] ?? href[3] ?? href[4] ?? '').trim());
    links.push({ url, trackable: HTTP.test(url) && !NO_TRACK.test(tag) });
  }
  return links;
}

/**
 * Rewrites the `href` of every `<a>` that points at an http(s) URL, e.g. to wrap it in a click
 * tracker. Leaves `mailto:`, `tel:`, anchors and links marked `data-pv-no-track` (the unsubscribe
 * link) alone. Pure: string in, string out.
 */
export function rewriteLinks(html: string, rewrite: (url: string) => string): string {
  return html.replace(ANCHOR, (tag) => {
    if (NO_TRACK.test(tag)) return tag;
    const href = HREF.exec(tag);
    if (!href) return tag;
    const url = decodeEntities((href[2] ?? href[3] ?? href[4] ?? '').trim());
    if (!HTTP.test(url)) return tag;
    const replaced = `${href[1]}"${encodeAttribute(rewrite(url))}"`;
    return tag.slice(0, href.index) + replaced + tag.slice(href.index + href[0].length);
  });
}

function decodeEntities(value: string): string {
  return value
    .replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
    .replace(/&#(\d+);/g, (_, dec: string) => String.fromCodePoint(Number(dec)))
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

function encodeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
