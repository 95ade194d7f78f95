import { Injectable } from '@nestjs/common';
import { AppConfig } from '@postventa/platform';
import express from 'express';
import type { Request, RequestHandler, Response } from 'express';
import { IngestError, IngestErrorCode } from './ingest.error';

export type RequestWithBody = Request & { body?: unknown };

/**
 * Reads the exact bytes of an ingest body (a signature covers them) with Express's own raw parser,
 * up to INGEST_MAX_BODY_BYTES: a larger declared length is refused before reading, a longer stream
 * as soon as it passes the limit. Called only after the API key was checked, or to verify a
 * signature. Reading twice returns the body read the first time.
 */
@Injectable()
export class IngestBodyReader {
  private readonly limit: number;
  private readonly parse: RequestHandler;

  constructor(config: AppConfig) {
    this.limit = config.get('INGEST_MAX_BODY_BYTES');
    this.parse = express.raw({ type: () => true, limit: this.limit });
  }

  read(req: RequestWithBody, res: Response): Promise<Buffer> {
    // A declared length over the limit is refused at once (the parser would read the body off first).
    if (Number(req.headers['content-length'] ?? 0) > this.limit)
      return Promise.reject(bodyError({ type: 'entity.too.large' }, this.limit));
    return new Promise((resolve, reject) => {
      this.parse(req, res, (error?: unknown) => {
        if (error) return reject(bodyError(error, this.limit));
        resolve(Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0));
      });
    });
  }
}

function bodyError(error: unknown, limit: number): IngestError {
  const type = (error as { type?: string }).type;
  if (type === 'entity.too.large') {
    return new IngestError(
      IngestErrorCode.BodyTooLarge,
      `The request body is larger than ${limit} bytes (INGEST_MAX_BODY_BYTES)`,
      { limit },
    );
  }
  if (type === 'encoding.unsupported') {
    return new IngestError(
      IngestErrorCode.UnsupportedMediaType,
      'Unsupported Content-Encoding: send the body as is, or gzip / deflate / br',
    );
  }
  return new IngestError(
    IngestErrorCode.MalformedBody,
    `The request body could not be read: ${(error as Error).message}`,
  );
}
