import path from 'node:path';
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
  TOUCHPOINT_RATE_LIMIT_API: z.coerce.number().int().positive().default(1200),
  TOUCHPOINT_RATE_LIMIT_INGEST: z.coerce.number().int().positive().default(6000),
  TOUCHPOINT_RATE_LIMIT_PUBLIC: z.coerce.number().int().positive().default(120),
  TOUCHPOINT_RATE_LIMIT_LOGIN: z.coerce.number().int().positive().default(20),
  TOUCHPOINT_LIVE_RECHECK_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),
  TOUCHPOINT_TRUST_PROXY: z.enum(['0', '1', 'true', 'false']).default('0'),
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
  /**
   * Requests per minute per key (or session, or IP for anonymous callers); `publicPages`: per address on
   * survey pages; `login`: login attempts per address (each account also locks after repeated failures).
   */
  rateLimit: { api: number; ingest: number; publicPages: number; login: number };
  /** How often a live socket checks that its session still holds (a backstop for ends made by another process). */
  liveRecheckSeconds: number;
  logLevel: string;
  trustProxy: boolean;
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
    rateLimit: { api: e.TOUCHPOINT_RATE_LIMIT_API, ingest: e.TOUCHPOINT_RATE_LIMIT_INGEST, publicPages: e.TOUCHPOINT_RATE_LIMIT_PUBLIC, login: e.TOUCHPOINT_RATE_LIMIT_LOGIN },
    liveRecheckSeconds: e.TOUCHPOINT_LIVE_RECHECK_SECONDS,
    logLevel: e.TOUCHPOINT_LOG_LEVEL,
    trustProxy: e.TOUCHPOINT_TRUST_PROXY === '1' || e.TOUCHPOINT_TRUST_PROXY === 'true',
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
