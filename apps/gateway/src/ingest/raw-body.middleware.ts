import { Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { AppConfig } from '@postventa/platform';

export type RequestWithRawBody = Request & { rawBody?: Buffer };

/**
 * Keeps the exact bytes of an ingest request (the HMAC signature covers them) and answers 413
 * as soon as the body grows past the limit, without reading the rest.
 */
@Injectable()
export class RawBodyMiddleware implements NestMiddleware {
  private readonly limit: number;

  constructor(config: AppConfig) {
    this.limit = Math.min(config.get('INGEST_MAX_BATCH') * config.get('MAX_EVENT_BYTES'), 32 * 1024 * 1024);
  }

  use(req: RequestWithRawBody, res: Response, next: NextFunction): void {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > this.limit) return void tooLarge(res, this.limit);
    const chunks: Buffer[] = [];
    let size = 0;
    let aborted = false;
    req.on('data', (chunk: Buffer) => {
      if (aborted) return;
      size += chunk.length;
      if (size > this.limit) {
        aborted = true;
        tooLarge(res, this.limit);
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (aborted) return;
      req.rawBody = Buffer.concat(chunks);
      next();
    });
    req.on('error', (error) => next(error));
  }
}

function tooLarge(res: Response, limit: number): void {
  res.status(413).json({ error: { code: 'INGEST_BODY_TOO_LARGE', message: `The request body is larger than ${limit} bytes` } });
}
