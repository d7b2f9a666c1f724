import path from 'node:path';
import ipaddr from 'ipaddr.js';
import { z } from 'zod';

// Every setting comes from the environment, is validated once, and is passed
// down explicitly: no module reads process.env on its own.
const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  DATABASE_URL: z.string().url().optional(),
  TOUCHPOINT_DATA_DIR: z.string().default('.touchpoint'),
  TOUCHPOINT_ADMIN_EMAIL: z.string().email().optional(),
  TOUCHPOINT_ADMIN_PASSWORD: z.string().min(8).optional(),
  TOUCHPOINT_PUBLIC_URL: z.string().url().optional(),
  TOUCHPOINT_SECRET_KEY: z.string().trim().min(32, 'at least 32 characters of random text (openssl rand -base64 32)').optional(),
  TOUCHPOINT_RATE_LIMIT_API: z.coerce.number().int().positive().default(1200),
  TOUCHPOINT_RATE_LIMIT_INGEST: z.coerce.number().int().positive().default(6000),
  TOUCHPOINT_RATE_LIMIT_PUBLIC: z.coerce.number().int().positive().default(120),
  TOUCHPOINT_RATE_LIMIT_LOGIN: z.coerce.number().int().positive().default(20),
  TOUCHPOINT_LIVE_RECHECK_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),
  TOUCHPOINT_TRUST_PROXY: z.string().default('0').transform(parseTrustProxy),
  TOUCHPOINT_WEBHOOK_ALLOW: z.string().default('').transform(parseWebhookAllow),
  TOUCHPOINT_SMTP_PORT: z.coerce.number().int().min(0).max(65535).default(2525),
  TOUCHPOINT_MAIL_MAX_BYTES: z.coerce.number().int().positive().default(10 * 1024 * 1024),
  TOUCHPOINT_SMTP_MAX_CLIENTS: z.coerce.number().int().positive().default(50),
  SMTP_URL: z.string().url().optional(),
  TOUCHPOINT_MAIL_FROM: z.string().optional(),
  TOUCHPOINT_TIMEZONE: z
    .string()
    .default('UTC')
    .refine((tz) => {
      try {
        new Intl.DateTimeFormat('en', { timeZone: tz });
        return true;
      } catch {
        return false;
      }
    }, 'not an IANA time zone'),
  TOUCHPOINT_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export interface Config {
  port: number;
  host: string;
  databaseUrl?: string;
  dataDir: string;
  admin: { email?: string; password?: string };
  publicUrl?: string;
  /** Seals the installation's secrets kept in the database; without it the embedded database uses a key file in its directory. */
  secretKey?: string;
  /**
   * Requests per minute per key (or session, or IP for anonymous callers); `publicPages`: per address on
   * survey pages; `login`: login attempts per address (each account also locks after repeated failures).
   */
  rateLimit: { api: number; ingest: number; publicPages: number; login: number };
  /** How often a live socket checks that its session still holds (a backstop for ends made by another process). */
  liveRecheckSeconds: number;
  logLevel: string;
  /**
   * Who may tell the client's address, scheme and host (X-Forwarded-For, -Proto, -Host):
   * nobody (false), the nearest N hops, or the proxies at these addresses or ranges.
   */
  trustProxy: false | number | string[];
  /** Hosts, addresses and ranges webhooks may reach although they are internal (all others are refused). */
  webhookAllow: string[];
  /** The team's time zone: business hours (Mon–Fri 09:00–17:00) in reports until calendars are configured. */
  timeZone: string;
  mail: {
    /** Port of the inbound SMTP listener; 0 picks a free one. */
    smtpPort: number;
    maxBytes: number;
    /** Inbound SMTP sessions open at once; the one over it is answered 421 (try again later). */
    maxClients: number;
    /** Outbound relay; without it replies wait in the outbox. */
    smtpUrl?: string;
    from: string;
  };
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid configuration: ${problems}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    // `memory://` keeps an embedded database in memory only (tests, throw-away runs).
    dataDir: e.TOUCHPOINT_DATA_DIR.startsWith('memory://') ? e.TOUCHPOINT_DATA_DIR : path.resolve(e.TOUCHPOINT_DATA_DIR),
    admin: { email: e.TOUCHPOINT_ADMIN_EMAIL, password: e.TOUCHPOINT_ADMIN_PASSWORD },
    publicUrl: e.TOUCHPOINT_PUBLIC_URL,
    secretKey: e.TOUCHPOINT_SECRET_KEY,
    rateLimit: { api: e.TOUCHPOINT_RATE_LIMIT_API, ingest: e.TOUCHPOINT_RATE_LIMIT_INGEST, publicPages: e.TOUCHPOINT_RATE_LIMIT_PUBLIC, login: e.TOUCHPOINT_RATE_LIMIT_LOGIN },
    liveRecheckSeconds: e.TOUCHPOINT_LIVE_RECHECK_SECONDS,
    logLevel: e.TOUCHPOINT_LOG_LEVEL,
    trustProxy: e.TOUCHPOINT_TRUST_PROXY,
    webhookAllow: e.TOUCHPOINT_WEBHOOK_ALLOW,
    timeZone: e.TOUCHPOINT_TIMEZONE,
    mail: {
      smtpPort: e.TOUCHPOINT_SMTP_PORT,
      maxBytes: e.TOUCHPOINT_MAIL_MAX_BYTES,
      maxClients: e.TOUCHPOINT_SMTP_MAX_CLIENTS,
      smtpUrl: e.SMTP_URL,
      from: e.TOUCHPOINT_MAIL_FROM ?? 'Support <support@touchpoint.local>',
    },
  };
}

const list = (value: string) =>
  value
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);
const isAddressOrRange = (v: string) => ipaddr.isValid(v) || ipaddr.isValidCIDR(v);

/**
 * `0`/`false`: no proxy; a number: that many hops in front; else proxy addresses or
 * ranges (and proxy-addr's names loopback, linklocal, uniquelocal). `true` used to
 * trust every hop, so any client could name its own address: it is refused.
 */
function parseTrustProxy(value: string, ctx: z.RefinementCtx): false | number | string[] {
  const v = value.trim().toLowerCase();
  if (v === '' || v === '0' || v === 'false') return false;
  if (/^\d+$/.test(v)) return Number(v);
  if (v === 'true') {
    ctx.addIssue({
      code: 'custom',
      message: 'true would trust every hop, so any client could choose its own address; give the number of proxies in front of Touchpoint (1) or their addresses (e.g. 10.0.0.2 or 10.0.0.0/8)',
    });
    return z.NEVER;
  }
  const entries = list(v);
  const bad = entries.filter((e) => !isAddressOrRange(e) && !['loopback', 'linklocal', 'uniquelocal'].includes(e));
  if (bad.length > 0) {
    ctx.addIssue({ code: 'custom', message: `not a number of hops nor proxy addresses: ${bad.join(', ')}` });
    return z.NEVER;
  }
  return entries;
}

/** Host names, addresses and CIDR ranges, comma-separated. */
function parseWebhookAllow(value: string, ctx: z.RefinementCtx): string[] {
  const entries = list(value.toLowerCase());
  const bad = entries.filter((e) => !isAddressOrRange(e) && !/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/.test(e));
  if (bad.length > 0) {
    ctx.addIssue({ code: 'custom', message: `not a host name, address or CIDR range: ${bad.join(', ')}` });
    return z.NEVER;
  }
  return entries;
}
