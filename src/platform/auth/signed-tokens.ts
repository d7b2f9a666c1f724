import crypto from 'node:crypto';

// Tokens that travel in links (a survey's one-click scores): `payload.signature`,
// both base64url. The payload says what the token is for and when it expires; the
// HMAC-SHA256 over purpose and payload makes a forged or altered token fail.
// Single use is the caller's business (the token names a record whose state says so).

export type TokenCheck<T> = { ok: true; payload: T } | { ok: false; reason: 'malformed' | 'forged' | 'expired' };

export interface TokenSigner {
  sign(purpose: string, payload: Record<string, unknown>, expiresAt: Date): string;
  verify<T extends Record<string, unknown>>(purpose: string, token: string, now?: Date): TokenCheck<T>;
}

export function tokenSigner(key: Buffer): TokenSigner {
  const mac = (purpose: string, body: string) => crypto.createHmac('sha256', key).update(`${purpose}.${body}`).digest();
  return {
    sign(purpose, payload, expiresAt) {
      const body = Buffer.from(JSON.stringify({ ...payload, exp: Math.floor(expiresAt.getTime() / 1000) })).toString('base64url');
      return `${body}.${mac(purpose, body).toString('base64url')}`;
    },
    verify<T extends Record<string, unknown>>(purpose: string, token: string, now = new Date()): TokenCheck<T> {
      const [body, signature, extra] = token.split('.');
      if (!body || !signature || extra !== undefined || !/^[\w-]+$/.test(body) || !/^[\w-]+$/.test(signature)) return { ok: false, reason: 'malformed' };
      const expected = mac(purpose, body);
      const given = Buffer.from(signature, 'base64url');
      if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) return { ok: false, reason: 'forged' };
      let payload: T & { exp?: unknown };
      try {
        payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
      } catch {
        return { ok: false, reason: 'malformed' };
      }
      if (typeof payload !== 'object' || payload === null || typeof payload.exp !== 'number') return { ok: false, reason: 'malformed' };
      if (payload.exp * 1000 <= now.getTime()) return { ok: false, reason: 'expired' };
      return { ok: true, payload };
    },
  };
}
