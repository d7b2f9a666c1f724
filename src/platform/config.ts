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
  TOUCHPOINT_SECRET_KEY: z.string().trim().min(32, 'at least 32 characters of random text (openssl rand -base64 32)').optional(),
  TOUCHPOINT_RATE_LIMIT_API: z.coerce.number().int().positive().default(1200),
  TOUCHPOINT_RATE_LIMIT_INGEST: z.coerce.number().int().positive().default(6000),
  TOUCHPOINT_RATE_LIMIT_PUBLIC: z.coerce.number().int().positive().default(120),
  TOUCHPOINT_TRUST_PROXY: z.enum(['0', '1', 'true', 'false']).default('0'),
  TOUCHPOINT_SMTP_PORT: z.coerce.number().int().min(0).max(65535).default(2525),
  TOUCHPOINT_MAIL_MAX_BYTES: z.coerce.number().int().positive().default(10 * 1024 * 1024),
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
  /** Requests per minute per key (or session, or IP for anonymous callers); `publicPages`: per address on survey pages. */
  rateLimit: { api: number; ingest: number; publicPages: number };
  logLevel: string;
  trustProxy: boolean;
  /** The team's time zone: business hours (Mon–Fri 09:00–17:00) in reports until calendars are configured. */
  timeZone: string;
  mail: {
    /** Port of the inbound SMTP listener; 0 picks a free one. */
    smtpPort: number;
    maxBytes: number;
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
    rateLimit: { api: e.TOUCHPOINT_RATE_LIMIT_API, ingest: e.TOUCHPOINT_RATE_LIMIT_INGEST, publicPages: e.TOUCHPOINT_RATE_LIMIT_PUBLIC },
    logLevel: e.TOUCHPOINT_LOG_LEVEL,
    trustProxy: e.TOUCHPOINT_TRUST_PROXY === '1' || e.TOUCHPOINT_TRUST_PROXY === 'true',
    timeZone: e.TOUCHPOINT_TIMEZONE,
    mail: {
      smtpPort: e.TOUCHPOINT_SMTP_PORT,
      maxBytes: e.TOUCHPOINT_MAIL_MAX_BYTES,
      smtpUrl: e.SMTP_URL,
      from: e.TOUCHPOINT_MAIL_FROM ?? 'Support <support@touchpoint.local>',
    },
  };
}
