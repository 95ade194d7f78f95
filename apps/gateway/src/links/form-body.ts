import type { Request } from 'express';
import { LinkError, LinkErrorCode } from './links.error';

const MAX_FORM_BYTES = 16 * 1024;

/**
 * The `application/x-www-form-urlencoded` body of a link form (a comment, or RFC 8058's
 * `List-Unsubscribe=One-Click`). The gateway has no global body parser, so the stream is read
 * here, bounded; a body some other middleware already parsed is used as it is.
 */
export async function readForm(req: Request): Promise<URLSearchParams> {
  const parsed: unknown = (req as Request & { body?: unknown }).body;
  if (parsed !== undefined && parsed !== null) {
    if (typeof parsed === 'string' || Buffer.isBuffer(parsed)) return new URLSearchParams(parsed.toString());
    if (typeof parsed === 'object') {
      const params = new URLSearchParams();
      for (const [key, value] of Object.entries(parsed as Record<string, unknown>))
        if (typeof value === 'string') params.set(key, value);
      return params;
    }
  }
  if (req.readableEnded) return new URLSearchParams();
  const type = String(req.headers['content-type'] ?? '');
  const body = await new Promise<string>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_FORM_BYTES) {
        req.removeAllListeners('data');
        req.resume();
        reject(new LinkError(LinkErrorCode.InvalidForm, 'The form is too large'));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
  if (
    body.length > 0 &&
    type !== '' &&
    !type.startsWith('application/x-www-form-urlencoded') &&
    !type.startsWith('text/plain')
  ) {
    throw new LinkError(LinkErrorCode.InvalidForm, 'Expected a form (application/x-www-form-urlencoded)');
  }
  return new URLSearchParams(body);
}
