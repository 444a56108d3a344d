// The benchmark's servers, each in a process of its own (targets.ts), and the JSON calls that set
// up what a benchmark loads.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

export type TargetKind = 'bff' | 'bare' | 'emulator' | 'onfido-emulator' | 'bff-uploads' | 'bff-replica' | 'balancer' | 'cdn-page';

export interface Target {
  info: Record<string, string>;
  child: ChildProcess;
}

export function startTarget(kind: TargetKind, ...args: string[]): Promise<Target> {
  return startTargetWith({}, kind, ...args);
}

/**
 * BENCH_CPU_PROF=<dir>: every target writes a V8 CPU profile there when it stops (open in Chrome
 * DevTools). For where a process's time goes, not for throughput: the sampler wakes even an idle
 * process every millisecond, about a tenth of a core each on a small machine.
 */
const PROFILE_DIR = process.env.BENCH_CPU_PROF;
const profiling = PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`] : [];

/** As startTarget, with `env` added to the environment: settings kept out of argv (keys, a database URL). */
export async function startTargetWith(env: Record<string, string>, kind: TargetKind, ...args: string[]): Promise<Target> {
  const child = spawn(process.execPath, [...profiling, '--import', 'tsx', new URL('./targets.ts', import.meta.url).pathname, kind, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`${kind} target exited with ${code}`)));
  });
  return { info: JSON.parse(line), child };
}

export async function json(url: string, init: RequestInit & { auth?: string } = {}) {
  const response = await fetch(url, {
    ...init,
    headers: { 'content-type': 'application/json', ...(init.auth ? { authorization: `Bearer ${init.auth}` } : {}) },
  });
  if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${url}: ${response.status} ${await response.text()}`);
  return response.json() as Promise<any>;
}
