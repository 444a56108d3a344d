// Where the machine's CPU went during a load run, read from /proc (Linux): each process of the
// benchmark, PostgreSQL's server processes, and the rest of the machine (other work running
// beside the benchmark). On a machine with few cores this says what a throughput figure is
// limited by: a replica at a full core, or the cores already taken by everything else.
import { readdirSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';

/** Linux reports process times in clock ticks of 1/100 s (USER_HZ) on every platform Node runs on. */
const TICKS_PER_SECOND = 100;

export interface CpuGroup {
  name: string;
  /** Its processes, found when sampled (a PostgreSQL backend can start during a run). */
  pids(): number[];
}

export interface CpuShare {
  name: string;
  /** Cores' worth over the run: 1.0 is one core busy the whole time. */
  cores: number;
}

export interface CpuReport {
  cores: number;
  seconds: number;
  /** The machine's busy cores' worth over the run, all processes together. */
  busy: number;
  shares: CpuShare[];
}

/** user + system ticks of a process, and those of its ended children it reaped (PostgreSQL's backends). */
function processTicks(pid: number): number {
  try {
    // Fields after the command name, which is parenthesised and may hold spaces.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    // utime, stime, cutime, cstime are fields 14-17 of stat(5); here 0-based after field 2.
    return fields.slice(11, 15).reduce((sum, f) => sum + Number(f), 0);
  } catch {
    return 0; // ended between listing and reading
  }
}

function machineTicks(): { busy: number; total: number } {
  const [, ...values] = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).map(Number);
  const total = values.slice(0, 8).reduce((a, b) => a + b, 0);
  const idle = values[3]! + values[4]!; // idle + iowait
  return { busy: total - idle, total };
}

/** The processes of the PostgreSQL listening on `port`: its postmaster (found by its -p argument) and the postmaster's children. */
export function postgresGroup(port: string): CpuGroup {
  const processes = () =>
    readdirSync('/proc')
      .filter((d) => /^\d+$/.test(d))
      .map(Number);
  const findPostmaster = () =>
    processes().find((pid) => {
      try {
        const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
        return /postgres$/.test(argv[0] ?? '') && argv.some((a, i) => a === '-p' && argv[i + 1] === port);
      } catch {
        return false;
      }
    });
  let postmaster: number | undefined;
  return {
    name: 'PostgreSQL',
    pids() {
      postmaster ??= findPostmaster();
      if (postmaster === undefined) return [];
      const children = processes().filter((pid) => {
        try {
          return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')[1] === String(postmaster);
        } catch {
          return false;
        }
      });
      return [postmaster, ...children];
    },
  };
}

export const processGroup = (name: string, pid: number): CpuGroup => ({ name, pids: () => [pid] });

/** Samples `groups` and the machine now; the returned function samples again and reports the difference. */
export function startCpuAccounting(groups: CpuGroup[]): () => CpuReport {
  const sample = () => ({ machine: machineTicks(), groups: groups.map((g) => g.pids().reduce((sum, pid) => sum + processTicks(pid), 0)), at: performance.now() });
  const before = sample();
  return () => {
    const after = sample();
    const seconds = (after.at - before.at) / 1000;
    const toCores = (ticks: number) => ticks / TICKS_PER_SECOND / seconds;
    const shares = groups.map((g, i) => ({ name: g.name, cores: toCores(after.groups[i]! - before.groups[i]!) }));
    const busy = toCores(after.machine.busy - before.machine.busy);
    const ours = shares.reduce((sum, s) => sum + s.cores, 0);
    shares.push({ name: 'everything else on the machine', cores: Math.max(0, busy - ours) });
    return { cores: cpus().length, seconds, busy, shares };
  };
}

export function formatCpu(report: CpuReport): string {
  const parts = report.shares.filter((s) => s.cores >= 0.01).map((s) => `${s.name} ${s.cores.toFixed(2)}`);
  return `CPU, cores' worth of ${report.cores}: busy ${report.busy.toFixed(2)} = ${parts.join(', ')}`;
}
