// The BFF on PostgreSQL with one and with two replicas behind a round-robin balancer (issue 15):
// the widget's read path (GET /v1/identity/session and GET /v1/identity/providers, alternating,
// with client secrets) and a full Turnstile verification (POST /v1/identity/verify/token against
// the emulator, sessions prepared beforehand), each with req/s, p99 and the scaling factor. Every
// replica, the balancer and the emulator is a process of its own; where each run's CPU went is
// read from /proc (cpu.ts), because on a machine of few cores the load generator, balancer,
// emulator and PostgreSQL take cores a second replica would need, and the report must say so.
import { randomBytes } from 'node:crypto';
import autocannon from 'autocannon';
import { startTemporaryPostgres } from '@identity-verify/stack/postgres';
import { formatCpu, postgresGroup, processGroup, startCpuAccounting, type CpuGroup, type CpuReport } from './cpu.js';
import { load, readySessions, row, tokenRequests, CONNECTIONS, DURATION_SECONDS, TOKEN_REQUESTS, type Measured, type ReadySession } from './load.js';
import { startTarget, startTargetWith, type Target } from './processes.js';

/** The 2-replica req/s over the 1-replica req/s that issue 15 asks for. */
const GOAL = 1.7;
const READERS = 32;
const TOKEN_WARMUP = 300;

export interface RunReport {
  replicas: number;
  read: Measured;
  readCpu: CpuReport;
  token: Measured;
  tokenCpu: CpuReport;
}

export type ReplicaReport = { runs: RunReport[]; database: string } | { skipped: string };

/** GET session and GET providers in turn on every connection, each request with the next reader's secret. */
function readRequests(base: string, readers: ReadySession[]): autocannon.Options {
  let next = 0;
  const withSecret = (req: autocannon.Request) => ({ ...req, headers: { authorization: `Bearer ${readers[next++ % readers.length]!.secret}` } });
  return {
    url: base,
    requests: [
      { method: 'GET', path: '/v1/identity/session', setupRequest: withSecret },
      { method: 'GET', path: '/v1/identity/providers?country=SE', setupRequest: withSecret },
    ],
  };
}

async function measureBehind(balancer: Target, replicas: number, apiKey: string, groups: CpuGroup[]): Promise<RunReport> {
  const base = balancer.info.url!;
  const readers = await readySessions(base, apiKey, READERS);
  await load({ ...readRequests(base, readers), duration: 2 }); // warm-up: JIT and pools of every replica
  let accounting = startCpuAccounting(groups);
  const read = await load({ ...readRequests(base, readers), duration: DURATION_SECONDS });
  const readCpu = accounting();

  await load(tokenRequests(base, await readySessions(base, apiKey, TOKEN_WARMUP)));
  const sessions = await readySessions(base, apiKey, TOKEN_REQUESTS);
  accounting = startCpuAccounting(groups);
  const token = await load(tokenRequests(base, sessions));
  const tokenCpu = accounting();
  return { replicas, read, readCpu, token, tokenCpu };
}

export async function measureReplicas(): Promise<ReplicaReport> {
  const cluster = process.env.DATABASE_URL ? null : await startTemporaryPostgres();
  const databaseUrl = process.env.DATABASE_URL ?? cluster?.url;
  if (!databaseUrl) return { skipped: 'PostgreSQL is not installed here and DATABASE_URL is not set' };
  const started: Target[] = [];
  const start = async (target: Promise<Target>) => {
    const t = await target;
    started.push(t);
    return t;
  };
  try {
    const emulator = await start(startTarget('emulator'));
    const apiKey = `sk_test_bench${randomBytes(16).toString('hex')}`;
    const shared = {
      DATABASE_URL: databaseUrl,
      IDV_API_KEYS: apiKey,
      IDV_PII_KEY: randomBytes(32).toString('base64'),
      IDV_TRUSTED_PROXIES: '127.0.0.1',
    };
    // The first replica migrates the schema alone; the second then finds it current.
    const first = await start(startTargetWith(shared, 'bff-replica', emulator.info.url!));
    const second = await start(startTargetWith(shared, 'bff-replica', emulator.info.url!));
    const toFirst = await start(startTarget('balancer', first.info.url!));
    const toBoth = await start(startTarget('balancer', first.info.url!, second.info.url!));

    const { hostname, port } = new URL(databaseUrl);
    const local = ['127.0.0.1', 'localhost', '[::1]'].includes(hostname);
    const groupsFor = (balancer: Target, replicas: Target[]): CpuGroup[] => [
      processGroup('load generator', process.pid),
      processGroup('balancer', balancer.child.pid!),
      ...replicas.map((r, i) => processGroup(`replica ${i + 1}`, r.child.pid!)),
      processGroup('emulator', emulator.child.pid!),
      ...(local ? [postgresGroup(port || '5432')] : []),
    ];
    const runs = [
      await measureBehind(toFirst, 1, apiKey, groupsFor(toFirst, [first])),
      await measureBehind(toBoth, 2, apiKey, groupsFor(toBoth, [first, second])),
    ];
    return { runs, database: cluster ? 'a temporary PostgreSQL cluster (fsync off)' : 'DATABASE_URL' };
  } finally {
    for (const target of started.reverse()) target.child.kill('SIGTERM');
    await cluster?.stop();
  }
}

/** CPU milliseconds per request of each part: what one request costs the machine, wherever it runs. */
function perRequest(cpu: CpuReport, rps: number): string {
  return cpu.shares
    .filter((s) => s.cores >= 0.01)
    .map((s) => `${s.name} ${((s.cores / rps) * 1000).toFixed(2)}`)
    .join(', ');
}

/**
 * What the cores allow, from the 1-replica run's CPU per request (the benchmark's own processes,
 * not other work on the machine): all parts together cannot use more than the cores, and one
 * replica, one event loop, not more than one core.
 */
function ceiling(cpu: CpuReport, m: Measured): string {
  const ours = cpu.shares.slice(0, -1); // the last share is everything else on the machine
  const msPerRequest = (ours.reduce((sum, s) => sum + s.cores, 0) / m.rps) * 1000;
  const replicaMs = (ours.filter((s) => s.name.startsWith('replica')).reduce((sum, s) => sum + s.cores, 0) / m.rps) * 1000;
  const machine = (cpu.cores * 1000) / msPerRequest;
  return (
    `     ceiling: ${msPerRequest.toFixed(2)} ms CPU per request in all (${replicaMs.toFixed(2)} in the replica), so ${cpu.cores} cores ` +
    `allow ≈ ${machine.toFixed(0)} req/s whatever the replica count, ≈ ${(machine / m.rps).toFixed(2)}× the 1-replica run; ` +
    `one replica alone stops at ≈ ${(1000 / replicaMs).toFixed(0)} req/s (a full core)`
  );
}

/** Whether the 1-replica run was limited by its replica or by the machine: only the first leaves a second replica CPU to use. */
function verdict(cpu: CpuReport): string {
  const replica = cpu.shares.find((s) => s.name === 'replica 1')!.cores;
  if (cpu.busy >= cpu.cores * 0.95 && replica < 0.9) {
    return (
      `     limit: with one replica the machine was already saturated (${cpu.busy.toFixed(2)} of ${cpu.cores} cores busy) while the replica ` +
      `had ${replica.toFixed(2)} of a core; a second replica finds no idle core, so this measures the machine, not the BFF's scaling`
    );
  }
  return `     limit: the replica used ${replica.toFixed(2)} of a core with ${(cpu.cores - cpu.busy).toFixed(2)} cores idle`;
}

export function printReplicas(report: ReplicaReport): void {
  if ('skipped' in report) {
    console.log(`\nBFF replicas on PostgreSQL: skipped (${report.skipped})`);
    return;
  }
  const [one, two] = report.runs as [RunReport, RunReport];
  console.log(
    `\nBFF replicas on PostgreSQL (${report.database}) behind a round-robin balancer, ${CONNECTIONS} connections, ` +
      `read path ${DURATION_SECONDS} s, ${TOKEN_REQUESTS} verifications; ${one.readCpu.cores} cores shared by the load generator, balancer, replicas, emulator and PostgreSQL`,
  );
  const paths = [
    ['read path: GET session + GET providers', 'read', 'readCpu'],
    ['Turnstile: POST verify/token', 'token', 'tokenCpu'],
  ] as const;
  for (const [name, key, cpuKey] of paths) {
    const factor = two[key].rps / one[key].rps;
    console.log(row(`${name}, 1 replica`, one[key]));
    console.log(row(`${name}, 2 replicas`, two[key]));
    console.log(`     scaling ${factor.toFixed(2)}× (goal ≥ ${GOAL}×)${factor >= GOAL ? '' : ': below the goal'}`);
    for (const run of [one, two]) {
      console.log(`     ${run.replicas} replica${run.replicas > 1 ? 's' : ''}: ${formatCpu(run[cpuKey])}`);
      console.log(`       CPU ms per request: ${perRequest(run[cpuKey], run[key].rps)}`);
    }
    console.log(ceiling(one[cpuKey], one[key]));
    console.log(verdict(one[cpuKey]));
    const others = Math.max(...[one, two].map((run) => run[cpuKey].shares.at(-1)!.cores));
    if (others >= 0.1) console.log(`     NOTE: other work on the machine took up to ${others.toFixed(2)} cores during these runs; the figures are lower than on a quiet machine.`);
    if (one[key].errors + one[key].non2xx + two[key].errors + two[key].non2xx > 0) {
      console.log('     WARNING: some requests were answered with errors; the figures above are not clean.');
    }
  }
}

if (import.meta.url === `file://${process.argv[1]}`) printReplicas(await measureReplicas());
