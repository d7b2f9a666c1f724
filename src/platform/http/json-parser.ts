import type { FastifyInstance } from 'fastify';
import { AppError } from './errors.ts';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Strict JSON bodies: invalid UTF-8 is refused rather than silently turned into
 * replacement characters, and a syntax error says where it is. `text/plain` is
 * accepted too because browser tracking libraries send JSON that way (sendBeacon).
 */
export function registerJsonParser(app: FastifyInstance): void {
  app.removeContentTypeParser(['application/json', 'text/plain']);
  app.addContentTypeParser(['application/json', 'text/plain'], { parseAs: 'buffer' }, (_req, body: Buffer, done) => {
    let text: string;
    try {
      text = utf8.decode(body);
    } catch {
      done(new AppError(400, 'invalid_utf8', 'The request body is not valid UTF-8.'), undefined);
      return;
    }
    if (text.trim() === '') {
      done(null, undefined);
      return;
    }
    try {
      done(null, JSON.parse(text));
    } catch (err) {
      done(new AppError(400, 'invalid_json', `The request body is not valid JSON: ${(err as Error).message}`), undefined);
    }
  });
}
