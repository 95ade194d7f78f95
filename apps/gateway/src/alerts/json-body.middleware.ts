import { Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';

const LIMIT = 64 * 1024;

/**
 * Reads a small JSON body for the admin API (the gateway turns Nest's body parser off). An empty
 * body is `{}`; a body that is not JSON, or is too large, is answered here with a coded 400 / 413
 * (`invalidCode`: each admin area extends this class with its own).
 */
@Injectable()
export class JsonBodyMiddleware implements NestMiddleware {
  protected readonly invalidCode: string = 'ALERT_INVALID_REQUEST';

  use(req: Request, res: Response, next: NextFunction): void {
    if (req.method === 'GET' || req.method === 'HEAD') return next();
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    req.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > LIMIT) {
        done = true;
        res
          .status(413)
          .json({ error: { code: this.invalidCode, message: `The request body is larger than ${LIMIT} bytes` } });
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (done) return;
      done = true;
      const text = Buffer.concat(chunks).toString('utf8').trim();
      if (text === '') {
        req.body = {};
        return next();
      }
      const type = String(req.headers['content-type'] ?? '');
      if (type.includes('application/x-www-form-urlencoded')) {
        req.body = Object.fromEntries(new URLSearchParams(text));
        return next();
      }
      try {
        req.body = JSON.parse(text) as unknown;
      } catch {
        res.status(400).json({ error: { code: this.invalidCode, message: 'The request body is not valid JSON' } });
        return;
      }
      next();
    });
    req.on('error', (error) => next(error));
  }
}
