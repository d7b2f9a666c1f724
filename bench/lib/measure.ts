import fs from 'node:fs';
import os from 'node:os';
import { execFileSync } from 'node:child_process';

// Small measuring helpers shared by the benchmarks: percentiles, /proc readers
// for a child's memory and CPU, and a description of the machine.

/** Nearest-rank percentile of unsorted samples (milliseconds in, milliseconds out). */
export function percentile(samples: ArrayLike<number>, p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = Float64Array.from(samples).sort();
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1]!;
}

export function summary(samples: ArrayLike<number>) {
  return { n: samples.length, p50: percentile(samples, 50), p99: percentile(samples, 99), max: percentile(samples, 100) };
}

let ticks: number | undefined;
function clockTicks(): number {
  if (ticks === undefined) {
    try {
      ticks = Number.parseInt(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim(), 10) || 100;
    } catch {
      ticks = 100;
    }
  }
  return ticks;
}

/** CPU seconds (user + system) a process has used so far; undefined when it cannot be read. */
export function processCpuSeconds(pid: number): number | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // After the command name: state is field 3, utime field 14, stime field 15 (1-based in proc(5)).
    return (Number(fields[11]) + Number(fields[12])) / clockTicks();
  } catch {
    return undefined;
  }
}

/** CPU seconds used so far by every process whose command is `name` (e.g. all PostgreSQL backends). */
export function commandCpuSeconds(name: string): number {
  let total = 0;
  let entries: string[] = [];
  try {
    entries = fs.readdirSync('/proc');
  } catch {
    return Number.NaN;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      if (comm !== name) continue;
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      total += (Number(fields[11]) + Number(fields[12])) / clockTicks();
    } catch {
      // the process ended while we looked
    }
  }
  return total;
}

/** VmRSS and VmHWM (peak resident set) of a process, in bytes. */
export function memoryOf(pid: number): { rss: number; hwm: number } | undefined {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN) * 1024;
    return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
  } catch {
    return undefined;
  }
}

/** Samples a process's resident memory every `everyMs`; `peak` since the last reset. */
export function rssSampler(pid: number, everyMs = 200) {
  let peak = 0;
  let last = 0;
  const sample = () => {
    const m = memoryOf(pid);
    if (!m) return;
    last = m.rss;
    if (m.rss > peak) peak = m.rss;
  };
  sample();
  const timer = setInterval(sample, everyMs);
  timer.unref();
  return {
    get peak() {
      sample();
      return peak;
    },
    get last() {
      return last;
    },
    reset() {
      peak = 0;
      sample();
    },
    stop() {
      clearInterval(timer);
    },
  };
}

export function machine() {
  const cpus = os.cpus();
  return {
    cores: cpus.length,
    model: cpus[0]?.model.trim() ?? 'unknown CPU',
    memoryGiB: os.totalmem() / 1024 ** 3,
    node: process.version,
    os: `${os.type()} ${os.release()}`,
    date: new Date().toISOString().replace('T', ' ').slice(0, 16) + ' UTC',
  };
}

export function machineLine(): string {
  const m = machine();
  return `${m.cores} cores (${m.model}), ${m.memoryGiB.toFixed(1)} GiB memory, Node ${m.node}, ${m.os}, ${m.date}`;
}

export const fmtInt = (n: number) => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : 'n/a');
export const fmtMs = (n: number) => (Number.isFinite(n) ? (n >= 100 ? n.toFixed(0) : n.toFixed(1)) + ' ms' : 'n/a');
export const fmtMiB = (bytes: number) => (Number.isFinite(bytes) && bytes > 0 ? `${fmtInt(bytes / 1024 ** 2)} MiB` : 'n/a');
export const fmtS = (s: number) => (Number.isFinite(s) ? (s >= 100 ? s.toFixed(0) : s.toFixed(1)) + ' s' : 'n/a');

/** Microseconds that some task spent waiting for a CPU, machine-wide (Linux PSI); NaN without PSI. */
export function cpuPressureMicros(): number {
  try {
    const line = fs.readFileSync('/proc/pressure/cpu', 'utf8').split('\n')[0] ?? '';
    return Number(/total=(\d+)/.exec(line)?.[1] ?? Number.NaN);
  } catch {
    return Number.NaN;
  }
}

/** Contention on the machine over an interval: CPU pressure share and the 1-minute load average at its end. */
export function contention() {
  const psi0 = cpuPressureMicros();
  const t0 = performance.now();
  return () => {
    const wallUs = (performance.now() - t0) * 1000;
    return { cpuPressure: (cpuPressureMicros() - psi0) / wallUs, loadAvg: os.loadavg()[0]! };
  };
}
