// Starts the local stack once for the whole run (`tsx packages/stack/src/cli.ts --json`), waits
// for its ready line (no polling, no sleeps), hands it to the workers, and stops it afterwards.
import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseReadyLine, STACK_ENV } from './stack.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const LOG_DIR = fileURLToPath(new URL('../test-results', import.meta.url));
const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 10_000;

export default async function globalSetup(): Promise<() => Promise<void>> {
  mkdirSync(LOG_DIR, { recursive: true });
  const logPath = `${LOG_DIR}/stack.log`;
  const log = createWriteStream(logPath);
  // stdin stays a pipe: if this runner dies, the stack sees it close and stops itself.
  const child = spawn('npx', ['tsx', 'packages/stack/src/cli.ts', '--json'], {
    cwd: ROOT,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  child.stderr.pipe(log);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  let ready: string;
  try {
    ready = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`The stack did not start within ${START_TIMEOUT_MS / 1000} s; see ${logPath}.`)), START_TIMEOUT_MS);
      const lines = createInterface({ input: child.stdout });
      lines.on('line', (line) => {
        if (!parseReadyLine(line)) return;
        clearTimeout(timer);
        resolve(line);
      });
      child.once('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      void exited.then((code) => {
        clearTimeout(timer);
        reject(new Error(`The stack exited (code ${code}) before it was ready; see ${logPath}.`));
      });
    });
  } catch (error) {
    // Closing stdin stops a stack that is still starting; then make sure of the wrapper.
    child.stdin.end();
    signal(child.pid, 'SIGTERM');
    throw error;
  }
  process.env[STACK_ENV] = ready;
  const { pid } = JSON.parse(ready) as { pid: number };

  return async function globalTeardown() {
    // Every row the whole run audited still chains, from the first to the last (seed 003's trail).
    const { bff_url: bffUrl, api_key: apiKey } = JSON.parse(ready) as { bff_url: string; api_key: string };
    const audit = await fetch(`${bffUrl}/v1/audit/verify`, { headers: { authorization: `Bearer ${apiKey}` } }).then(
      (r) => r.json() as Promise<{ valid: boolean; rows: number }>,
      (error: unknown) => ({ valid: false, rows: 0, error: String(error) }),
    );
    // Signal the stack itself: npx runs it under `sh -c`, which dies on SIGTERM without passing
    // it on. Once the stack has stopped, tsx, sh and npx exit in turn.
    signal(pid, 'SIGTERM');
    child.stdin.end();
    const stopped = await Promise.race([
      exited.then(() => true),
      new Promise<false>((resolve) => setTimeout(() => resolve(false), STOP_TIMEOUT_MS).unref()),
    ]);
    log.end();
    if (!stopped) {
      signal(pid, 'SIGKILL');
      signal(child.pid, 'SIGKILL');
      throw new Error(`The stack did not stop within ${STOP_TIMEOUT_MS / 1000} s and was killed; see ${logPath}.`);
    }
    if (!audit.valid || audit.rows === 0) throw new Error(`The audit chain does not verify after the run: ${JSON.stringify(audit)}`);
  };
}

function signal(pid: number | undefined, name: NodeJS.Signals): void {
  try {
    if (pid) process.kill(pid, name);
  } catch {
    // Already gone.
  }
}
