// Logging in through the API, and the CPU and memory load of each phase.

import { commandCpuSeconds, contention, processCpuSeconds, rssSampler } from '../lib/measure.ts';
import { httpRequest, json, type Server } from '../lib/server.ts';
import { apiAgent } from './settings.ts';

export async function login(server: Server, email: string, password: string): Promise<string> {
  const res = await httpRequest(server.port, 'POST', '/api/v1/auth/login', { 'content-type': 'application/json' }, json({ email, password }), { agent: apiAgent });
  if (res.status !== 200) throw new Error(`login as ${email} failed: ${res.status} ${res.text}`);
  const setCookie = res.headers['set-cookie'];
  const cookie = (Array.isArray(setCookie) ? setCookie[0] : setCookie)?.split(';')[0];
  if (!cookie) throw new Error('login answered without a session cookie');
  return cookie;
}

export interface PhaseLoad {
  seconds: number;
  serverCpuCores: number;
  postgresCpuCores: number;
  cpuPressure: number;
  loadAvg: number;
  peakRss: number;
}

/** CPU of the server and of PostgreSQL, machine contention and the server's peak RSS over a phase. */
export function phaseMeter(server: Server, rss: ReturnType<typeof rssSampler>) {
  rss.reset();
  const cpu0 = processCpuSeconds(server.pid) ?? Number.NaN;
  const pg0 = commandCpuSeconds('postgres');
  const machineLoad = contention();
  const t0 = performance.now();
  return (): PhaseLoad => {
    const seconds = (performance.now() - t0) / 1000;
    const load = machineLoad();
    return {
      seconds,
      serverCpuCores: ((processCpuSeconds(server.pid) ?? Number.NaN) - cpu0) / seconds,
      postgresCpuCores: (commandCpuSeconds('postgres') - pg0) / seconds,
      cpuPressure: load.cpuPressure,
      loadAvg: load.loadAvg,
      peakRss: rss.peak,
    };
  };
}
