// Settings of the service benchmark (environment), the run's identity and small formatters shared by its phases.

import crypto from 'node:crypto';
import http from 'node:http';
import { fmtInt } from '../lib/measure.ts';
import { intEnv } from '../lib/server.ts';

export const TICKETS = intEnv('BENCH_TICKETS', 100_000);
export const MESSAGES = TICKETS * 10;
export const CUSTOMERS = Math.max(50, Math.round(TICKETS * 0.4));
export const ASSIGNEES = 20;
export const SEED = intEnv('BENCH_SEED', 42);
export const INBOX_CALLS = intEnv('BENCH_INBOX_CALLS', 600);
export const REPORT_CALLS = intEnv('BENCH_REPORT_CALLS', 20);
export const REPORT_BUDGET_S = intEnv('BENCH_REPORT_BUDGET', 180);
export const WS_AGENTS = intEnv('BENCH_WS_AGENTS', 200);
export const WS_MESSAGES = intEnv('BENCH_WS_MESSAGES', 200);
export const WS_INTERVAL_MS = intEnv('BENCH_WS_INTERVAL_MS', 50);
export const MAILS = intEnv('BENCH_MAILS', 2_000);
export const SMTP_CONNECTIONS = intEnv('BENCH_SMTP_CONNECTIONS', 8);
export const BATCH_TICKETS = 1_000;
export const PG_BASE = process.env.BENCH_DATABASE_URL || process.env.DATABASE_URL || undefined;
export const TIME_ZONE = process.env.TOUCHPOINT_TIMEZONE || 'UTC';

export const ADMIN = { email: 'bench@touchpoint.test', password: 'bench-password-2024' };
export const AGENT_PASSWORD = 'bench-agent-password';
export const RUN_TAG = crypto.randomBytes(4).toString('hex');
export const NOW = Date.now();
export const DAY = 86_400_000;
export const SPAN_DAYS = 730;

export const log = (msg: string) => console.log(`[service] ${msg}`);
export const apiAgent = new http.Agent({ keepAlive: true, maxSockets: 8 });
export const pct = (x: number) => (Number.isFinite(x) ? `${(x * 100).toFixed(0)}%` : 'n/a');
export const check = (ok: boolean) => (ok ? 'met' : '**not met**');
export const plural = (n: number, word: string) => `${fmtInt(n)} ${word}${n === 1 ? '' : 's'}`;
